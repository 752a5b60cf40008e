/**
 * Untrusted Markdown (agent messages, PR descriptions, progress checklists) → a small, safe AST that the drawer
 * renders into Preact elements with text children only. Raw HTML stays literal text, links survive only for
 * `https:` URLs, images become their alt text (no remote loads). Parsed with mdast-util-from-markdown + GFM.
 * Never throws: on any failure the whole input comes back as one text node.
 */
import type { Nodes, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

// Built once: micromark combines extensions on every call otherwise, a large share of a short message's cost.
const PARSE_OPTIONS = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };

export type MdInline =
  | { type: 'text'; value: string }
  | { type: 'inlineCode'; value: string }
  | { type: 'emphasis' | 'strong' | 'delete'; children: MdInline[] }
  /** `href` is always an absolute https: URL. */
  | { type: 'link'; href: string; children: MdInline[] }
  | { type: 'break' };

interface MdListItem {
  /** Task list item: true/false; a plain item: null. */
  checked: boolean | null;
  children: MdNode[];
}

export type MdNode =
  | { type: 'paragraph'; children: MdInline[] }
  | { type: 'heading'; depth: 1 | 2 | 3 | 4 | 5 | 6; children: MdInline[] }
  | { type: 'list'; ordered: boolean; start: number | null; items: MdListItem[] }
  | { type: 'code'; lang: string | null; value: string }
  | { type: 'blockquote'; children: MdNode[] }
  | { type: 'thematicBreak' }
  /** rows[0] is the header row; each cell is a list of inline nodes. */
  | { type: 'table'; align: Array<'left' | 'right' | 'center' | null>; rows: MdInline[][][] }
  /** Literal text shown as is (raw HTML, the part beyond the size cap, anything unknown). */
  | { type: 'text'; value: string };

/** Inputs larger than this are parsed up to the cap; the rest is shown as plain text. */
export const MARKDOWN_SIZE_CAP = 200 * 1024;
const MAX_DEPTH = 40;

/** The URL if it is an absolute https: URL, else null. */
export function safeHref(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The host to show beside a link (issue 17 #10): a link's text can look like another URL
 * (`[https://github.com/…](https://evil.example)`, `github.com@evil.example`, a punycode look-alike), so every link
 * shows its real host, in ASCII (punycode stays `xn--…`), unless the text is the URL itself with nothing hidden.
 */
export function linkHostNote(href: string, text: string): string | null {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return null;
  }
  const shown = text.trim();
  const plain = !u.username && !u.password && !u.hostname.includes('xn--');
  if (plain && (shown === u.href || `${shown}/` === u.href)) return null;
  return u.hostname;
}

/** The link's visible text (for `linkHostNote`). */
export function linkText(nodes: MdInline[]): string {
  return inlineText(nodes);
}

function inlineText(nodes: MdInline[]): string {
  return nodes
    .map((n) =>
      n.type === 'text' || n.type === 'inlineCode' ? n.value : n.type === 'break' ? '\n' : inlineText(n.children),
    )
    .join('');
}

function toInline(nodes: PhrasingContent[] | undefined, depth: number): MdInline[] {
  const out: MdInline[] = [];
  const push = (n: MdInline): void => {
    const last = out[out.length - 1];
    if (n.type === 'text' && last?.type === 'text') last.value += n.value;
    else out.push(n);
  };
  for (const n of nodes ?? []) {
    if (depth > MAX_DEPTH) {
      push({ type: 'text', value: plainText(n) });
      continue;
    }
    switch (n.type) {
      case 'text':
      case 'html':
        push({ type: 'text', value: n.value });
        break;
      case 'inlineCode':
        push({ type: 'inlineCode', value: n.value });
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
        push({ type: n.type, children: toInline(n.children, depth + 1) });
        break;
      case 'link': {
        const children = toInline(n.children, depth + 1);
        const href = safeHref(n.url);
        if (href) push({ type: 'link', href, children });
        else for (const c of children) push(c);
        break;
      }
      case 'linkReference':
        for (const c of toInline(n.children, depth + 1)) push(c);
        break;
      case 'image':
      case 'imageReference':
        if (n.alt) push({ type: 'text', value: n.alt });
        break;
      case 'break':
        push({ type: 'break' });
        break;
      case 'footnoteReference':
        push({ type: 'text', value: `[^${n.label ?? n.identifier}]` });
        break;
      default:
        push({ type: 'text', value: plainText(n) });
    }
  }
  return out;
}

function plainText(n: Nodes): string {
  if ('value' in n && typeof n.value === 'string') return n.value;
  if ('children' in n && Array.isArray(n.children)) return (n.children as Nodes[]).map(plainText).join('');
  return '';
}

function toBlocks(nodes: RootContent[] | undefined, depth: number): MdNode[] {
  const out: MdNode[] = [];
  for (const n of nodes ?? []) {
    if (depth > MAX_DEPTH) {
      out.push({ type: 'text', value: plainText(n) });
      continue;
    }
    switch (n.type) {
      case 'paragraph':
        out.push({ type: 'paragraph', children: toInline(n.children, depth + 1) });
        break;
      case 'heading':
        out.push({ type: 'heading', depth: n.depth, children: toInline(n.children, depth + 1) });
        break;
      case 'code':
        out.push({ type: 'code', lang: n.lang ?? null, value: n.value });
        break;
      case 'blockquote':
        out.push({ type: 'blockquote', children: toBlocks(n.children, depth + 1) });
        break;
      case 'thematicBreak':
        out.push({ type: 'thematicBreak' });
        break;
      case 'list':
        out.push({
          type: 'list',
          ordered: n.ordered === true,
          start: n.ordered ? (n.start ?? 1) : null,
          items: n.children.map((item) => ({
            checked: typeof item.checked === 'boolean' ? item.checked : null,
            children: toBlocks(item.children, depth + 1),
          })),
        });
        break;
      case 'table':
        out.push({
          type: 'table',
          align: (n.align ?? []).map((a) => a ?? null),
          rows: n.children.map((row) => row.children.map((cell) => toInline(cell.children, depth + 1))),
        });
        break;
      case 'html':
        out.push({ type: 'text', value: n.value });
        break;
      case 'definition':
        // A link reference definition: show it literally (its URL is not made a link).
        out.push({ type: 'text', value: `[${n.label ?? n.identifier}]: ${n.url}` });
        break;
      case 'footnoteDefinition':
        out.push({
          type: 'paragraph',
          children: [{ type: 'text', value: `[^${n.label ?? n.identifier}]: ` }],
        });
        out.push(...toBlocks(n.children, depth + 1));
        break;
      default: {
        const inline = toInline([n as PhrasingContent], depth + 1);
        out.push({ type: 'paragraph', children: inline });
      }
    }
  }
  return out;
}

/** Parse untrusted Markdown into the safe AST. */
export function parseMarkdownSafe(md: string): MdNode[] {
  if (typeof md !== 'string' || md === '') return [];
  const head = md.length > MARKDOWN_SIZE_CAP ? md.slice(0, MARKDOWN_SIZE_CAP) : md;
  const rest = md.length > MARKDOWN_SIZE_CAP ? md.slice(MARKDOWN_SIZE_CAP) : '';
  try {
    const tree = fromMarkdown(head, PARSE_OPTIONS);
    const blocks = toBlocks(tree.children, 0);
    if (rest !== '') blocks.push({ type: 'text', value: rest });
    return blocks;
  } catch {
    return [{ type: 'text', value: md }];
  }
}

/** Plain text of a parsed document (for search and copy). */
export function markdownText(nodes: MdNode[]): string {
  const block = (n: MdNode): string => {
    switch (n.type) {
      case 'paragraph':
      case 'heading':
        return inlineText(n.children);
      case 'code':
      case 'text':
        return n.value;
      case 'blockquote':
        return n.children.map(block).join('\n');
      case 'thematicBreak':
        return '---';
      case 'list':
        return n.items
          .map((it) => `${it.checked === null ? '' : it.checked ? '[x] ' : '[ ] '}${it.children.map(block).join('\n')}`)
          .join('\n');
      case 'table':
        return n.rows.map((r) => r.map(inlineText).join(' | ')).join('\n');
    }
  };
  return nodes.map(block).join('\n\n');
}

import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { TextCache } from './cache';
import { linkHostNote, linkText, type MdInline, type MdNode, parseMarkdownSafe } from './deps';
import { T } from './Text';

/** True for an absolute https URL (the only links the drawer renders). */
export function isHttpsUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

function Inline({ nodes }: { nodes: MdInline[] }): ComponentChildren {
  return nodes.map((n, i) => {
    switch (n.type) {
      case 'text':
        return <T key={i} text={n.value} />;
      case 'inlineCode':
        return (
          <code key={i}>
            <T text={n.value} />
          </code>
        );
      case 'emphasis':
        return (
          <em key={i}>
            <Inline nodes={n.children} />
          </em>
        );
      case 'strong':
        return (
          <strong key={i}>
            <Inline nodes={n.children} />
          </strong>
        );
      case 'delete':
        return (
          <del key={i}>
            <Inline nodes={n.children} />
          </del>
        );
      case 'link': {
        // The parser keeps only https: links; checked again here because this is the one place an href is set.
        // Every link shows its real host unless its text is the URL itself (issue 17 #10).
        const host = isHttpsUrl(n.href) ? linkHostNote(n.href, linkText(n.children)) : null;
        return isHttpsUrl(n.href) ? (
          <span key={i}>
            <a href={n.href} target="_blank" rel="noopener noreferrer" title={n.href}>
              <Inline nodes={n.children} />
            </a>
            {host ? <span class="md-link-host"> ({host})</span> : null}
          </span>
        ) : (
          <span key={i}>
            <Inline nodes={n.children} />
          </span>
        );
      }
      case 'break':
        return <br key={i} />;
      default:
        return null;
    }
  });
}

function Blocks({ nodes }: { nodes: MdNode[] }): ComponentChildren {
  return nodes.map((n, i) => {
    switch (n.type) {
      case 'paragraph':
        return (
          <p key={i}>
            <Inline nodes={n.children} />
          </p>
        );
      case 'heading': {
        const H = `h${Math.min(6, n.depth + 2)}` as 'h3';
        return (
          <H key={i}>
            <Inline nodes={n.children} />
          </H>
        );
      }
      case 'list': {
        const items = n.items.map((item, j) => (
          <li key={j} class={item.checked !== null ? 'as-md-task' : undefined}>
            {item.checked !== null && (
              <input type="checkbox" checked={item.checked} disabled aria-label={item.checked ? 'done' : 'to do'} />
            )}
            {item.children.length === 1 && item.children[0]!.type === 'paragraph' ? (
              <Inline nodes={item.children[0]!.children} />
            ) : (
              <Blocks nodes={item.children} />
            )}
          </li>
        ));
        return n.ordered ? (
          <ol key={i} start={n.start ?? undefined}>
            {items}
          </ol>
        ) : (
          <ul key={i}>{items}</ul>
        );
      }
      case 'code':
        return (
          <pre key={i} class="as-md-code">
            <code>
              <T text={n.value} />
            </code>
          </pre>
        );
      case 'blockquote':
        return (
          <blockquote key={i}>
            <Blocks nodes={n.children} />
          </blockquote>
        );
      case 'thematicBreak':
        return <hr key={i} />;
      case 'table':
        return (
          <div key={i} class="as-md-table">
            <table>
              <tbody>
                {n.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((cell, c) =>
                      r === 0 ? (
                        <th key={c}>
                          <Inline nodes={cell} />
                        </th>
                      ) : (
                        <td key={c}>
                          <Inline nodes={cell} />
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      case 'text':
        return (
          <p key={i} class="as-md-literal">
            <T text={n.value} />
          </p>
        );
      default:
        return null;
    }
  });
}

const markdownTrees = new TextCache<string, MdNode[]>(400);

/** Agent Markdown rendered safely: the parser's safe AST → elements with text children only. */
export function Markdown({ text }: { text: string }) {
  const ast = useMemo(() => markdownTrees.get(text, parseMarkdownSafe), [text]);
  return (
    <div class="as-md">
      <Blocks nodes={ast} />
    </div>
  );
}

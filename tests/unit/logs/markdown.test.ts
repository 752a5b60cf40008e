import { describe, expect, it } from 'vitest';
import {
  MARKDOWN_SIZE_CAP,
  type MdInline,
  type MdNode,
  markdownText,
  parseMarkdownSafe,
  safeHref,
} from '../../../utils/logs/markdown';
import { htmlAndScript, markdownLinks } from '../../fixtures/hostile';

function links(nodes: MdNode[]): string[] {
  const out: string[] = [];
  const inl = (n: MdInline): void => {
    if (n.type === 'link') out.push(n.href);
    if ('children' in n) n.children.forEach(inl);
  };
  const blk = (n: MdNode): void => {
    if (n.type === 'paragraph' || n.type === 'heading') n.children.forEach(inl);
    if (n.type === 'blockquote') n.children.forEach(blk);
    if (n.type === 'list') for (const it of n.items) it.children.forEach(blk);
    if (n.type === 'table') for (const r of n.rows) for (const c of r) c.forEach(inl);
  };
  nodes.forEach(blk);
  return out;
}

describe('parseMarkdownSafe', () => {
  it('builds the safe AST for the common constructs', () => {
    const md = [
      '## Plan',
      '',
      '- [x] done **bold** and *em* and ~~gone~~ and `code`',
      '- [ ] open',
      '',
      '1. first',
      '2. second',
      '',
      '> quoted',
      '',
      '---',
      '',
      '```bash',
      './os_info.sh',
      '```',
      '',
      '| Lab | Status |',
      '|:----|-------:|',
      '| 1 | Done |',
    ].join('\n');
    expect(parseMarkdownSafe(md)).toEqual([
      { type: 'heading', depth: 2, children: [{ type: 'text', value: 'Plan' }] },
      {
        type: 'list',
        ordered: false,
        start: null,
        items: [
          {
            checked: true,
            children: [
              {
                type: 'paragraph',
                children: [
                  { type: 'text', value: 'done ' },
                  { type: 'strong', children: [{ type: 'text', value: 'bold' }] },
                  { type: 'text', value: ' and ' },
                  { type: 'emphasis', children: [{ type: 'text', value: 'em' }] },
                  { type: 'text', value: ' and ' },
                  { type: 'delete', children: [{ type: 'text', value: 'gone' }] },
                  { type: 'text', value: ' and ' },
                  { type: 'inlineCode', value: 'code' },
                ],
              },
            ],
          },
          { checked: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'open' }] }] },
        ],
      },
      {
        type: 'list',
        ordered: true,
        start: 1,
        items: [
          { checked: null, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'first' }] }] },
          { checked: null, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'second' }] }] },
        ],
      },
      { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'quoted' }] }] },
      { type: 'thematicBreak' },
      { type: 'code', lang: 'bash', value: './os_info.sh' },
      {
        type: 'table',
        align: ['left', 'right'],
        rows: [
          [[{ type: 'text', value: 'Lab' }], [{ type: 'text', value: 'Status' }]],
          [[{ type: 'text', value: '1' }], [{ type: 'text', value: 'Done' }]],
        ],
      },
    ]);
  });

  it('keeps only https: links from the hostile corpus; the rest is plain text', () => {
    const nodes = parseMarkdownSafe(markdownLinks);
    expect(links(nodes)).toEqual(['https://github.com/octo/repo/pull/1', 'https://github.com/autolinked']);
    const text = markdownText(nodes);
    expect(text).toContain('click me'); // link text kept as text
    expect(text).toContain('<a href="javascript:alert(3)">'); // raw HTML shown literally
    expect(text).toContain('tracking pixel'); // image → alt text, nothing loaded
    expect(JSON.stringify(nodes)).not.toContain('pixel.png');
  });

  it('shows raw HTML as literal text', () => {
    const text = markdownText(parseMarkdownSafe(htmlAndScript));
    expect(text).toContain("<script>alert('xss')</script>");
    expect(text).toContain('<img src=x onerror="alert(1)">');
    expect(links(parseMarkdownSafe(htmlAndScript))).toEqual([]);
  });

  it('caps the parsed size and keeps the rest as text', () => {
    const md = `# big\n\n${'word '.repeat(MARKDOWN_SIZE_CAP / 5 + 100)}`;
    const nodes = parseMarkdownSafe(md);
    const last = nodes.at(-1);
    expect(last?.type).toBe('text');
    expect(markdownText(nodes).replace(/\s/g, '').length).toBe(md.replace(/\s/g, '').length - 1); // minus '#'
  });

  it('survives deep nesting', () => {
    expect(() => parseMarkdownSafe(`${'> '.repeat(2000)}deep`)).not.toThrow();
    expect(markdownText(parseMarkdownSafe(`${'> '.repeat(2000)}deep`))).toContain('deep');
  });

  it('safeHref accepts only absolute https URLs', () => {
    expect(safeHref('https://github.com/a')).toBe('https://github.com/a');
    for (const bad of [
      'javascript:alert(1)',
      ' JAVASCRIPT:x',
      'data:text/html,x',
      'http://x',
      '//x',
      '/rel',
      '',
      null,
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});

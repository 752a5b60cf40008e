// @vitest-environment node
/** github.com pages of the twin: anchors of both timeline variants, lists, session page, escaping, live script. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwin, type Twin } from '../../twin/server';
import type { Scenario } from '../../twin/types';

const ROOT = path.resolve(__dirname, '../../..');
const demo = JSON.parse(readFileSync(path.join(ROOT, 'tests/twin/scenarios/demo.json'), 'utf8')) as Scenario;
let twin: Twin;

async function page(p: string): Promise<{ status: number; html: string; doc: Document }> {
  const res = await fetch(twin.url + p, { headers: { 'x-twin-host': 'github.com' } });
  const html = await res.text();
  const window = new Window({ url: `https://github.com${p}` });
  window.document.write(html.replace(/<script>[\s\S]*?<\/script>/g, ''));
  return { status: res.status, html, doc: window.document as unknown as Document };
}

const texts = (els: NodeListOf<Element> | Element[]) =>
  [...els].map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());

beforeAll(async () => {
  twin = await startTwin({ scenario: demo, quiet: true });
});
afterAll(async () => {
  await twin.close();
});
beforeEach(() => twin.load(demo));

describe('PR conversation page', () => {
  it('2026 hybrid page: React-rendered Primer header, legacy timeline, 2026 session links (verb = link)', async () => {
    const { doc, status, html } = await page('/octo-org/webapp/pull/42');
    expect(status).toBe(200);
    expect(doc.querySelector('meta[name="user-login"]')!.getAttribute('content')).toBe('octo-demo');
    expect(doc.documentElement.getAttribute('data-color-mode')).toBe('light');
    // Header: server-rendered by React in a partial that the page hydrates; no legacy header, no data-testid.
    const partial = doc.querySelector('react-partial[partial-name="pull-request-header"][data-ssr="true"]')!;
    expect(partial.querySelector('script[data-target="react-partial.embeddedData"]')).not.toBeNull();
    const header = partial.querySelector(
      '[data-target="react-partial.reactRoot"] > header[class^="prc-PageLayout-Header"]',
    )!;
    const label = header.querySelector(
      '[class*="prc-PageHeader-PageHeader"] [class*="prc-PageHeader-Description"] span[class*="prc-StateLabel-StateLabel"]',
    )!;
    expect(label.getAttribute('data-status')).toBe('draft');
    expect(header.querySelector('[data-testid]')).toBeNull();
    expect(doc.querySelector('.gh-header-meta, #partial-discussion-header')).toBeNull();
    expect(header.querySelector('a[data-tab="files"]')!.getAttribute('href')).toBe('/octo-org/webapp/pull/42/changes');
    expect(html).toContain('<script type="module" src="/_assets/twin-react-partials.js">');
    // Timeline: the legacy one; each "started work" verb is the session link (absolute, /agents/pull/{n}).
    const items = doc.querySelectorAll('#partial-timeline .js-timeline-item > .TimelineItem');
    expect(items.length).toBe(8); // 3 started, 2 finished, 1 comment, 1 label, 1 review request
    const started = [...doc.querySelectorAll('a[title="View session"]')].filter(
      (a) => a.textContent === 'started work',
    );
    expect(started.map((a) => a.getAttribute('href'))).toEqual([
      'https://github.com/octo-org/webapp/agents/pull/42?session_id=5e1f0a42-1111-4a11-9a11-000000000001',
      'https://github.com/octo-org/webapp/agents/pull/42?session_id=5e1f0a42-2222-4a22-9a22-000000000002',
      'https://github.com/octo-org/webapp/agents/pull/42?session_id=5e1f0a42-3333-4a33-9a33-000000000003',
    ]);
    // Some carry a second "View session" link with the same href.
    const second = [...doc.querySelectorAll('.TimelineItem-body > a.Link--secondary')].filter(
      (a) => a.textContent === 'View session',
    );
    expect(second.map((a) => a.getAttribute('href'))).toEqual([started[1]!.getAttribute('href')]);
    const finished = [...doc.querySelectorAll('a[title="View session"]')].filter(
      (a) => a.textContent === 'finished work',
    );
    expect(finished).toHaveLength(2);
    expect(finished[0]!.getAttribute('href')).toMatch(
      /^https:\/\/github\.com\/copilot\/tasks\/pull\/PR_[\w-]+\?session_id=5e1f0a42-1111-4a11-9a11-000000000001$/,
    );
    const bodies = texts(doc.querySelectorAll('.TimelineItem-body'));
    expect(bodies.filter((t) => /^Copilot AI started work on behalf of octo-demo/.test(t))).toHaveLength(3);
    expect(doc.querySelectorAll('strong > a[data-hovercard-type="copilot"]').length).toBe(5);
    expect(doc.querySelectorAll('a[href*="/agent-sessions/"], [data-timeline-event-id]').length).toBe(0);
  });

  it('2026 hybrid page: a review requested from Copilot has its review session; comments autolink pasted links', async () => {
    twin.load({
      ...demo,
      pulls: demo.pulls!.map((p) =>
        p.number === 42 && p.repo === 'octo-org/webapp'
          ? {
              ...p,
              extraTimeline: [
                { type: 'review_requested', at: '-50m', actor: 'octo-demo', reviewer: 'Copilot' },
                {
                  type: 'commented',
                  at: '-40m',
                  actor: 'monalisa',
                  body: 'See https://github.com/o/r/agents/pull/9?session_id=5e1f0a99-9999-4a99-9a99-000000000099 <b>',
                },
              ],
            }
          : p,
      ),
    });
    const { doc } = await page('/octo-org/webapp/pull/42');
    const bodies = texts(doc.querySelectorAll('.TimelineItem-body'));
    expect(bodies.some((t) => /^Copilot AI review requested due to automatic review settings/.test(t))).toBe(true);
    const reviewing = [...doc.querySelectorAll('a[title="View session"]')].find(
      (a) => a.textContent === 'started reviewing',
    )!;
    expect(reviewing.getAttribute('href')).toMatch(/\/octo-org\/webapp\/agents\/pull\/42\?session_id=[0-9a-f-]{36}$/);
    const pasted = doc.querySelector('#partial-timeline .comment-body a')!;
    expect(pasted.getAttribute('href')).toBe(
      'https://github.com/o/r/agents/pull/9?session_id=5e1f0a99-9999-4a99-9a99-000000000099',
    );
    expect(doc.querySelector('#partial-timeline .comment-body')!.textContent).toContain('<b>');
    expect(doc.querySelector('.comment-body b')).toBeNull();
  });

  it('streams a page in chunks with pauses when asked', async () => {
    const res = await fetch(`${twin.url}/octo-org/webapp/pull/42?stream=2000:20`, {
      headers: { 'x-twin-host': 'github.com' },
    });
    const reader = res.body!.getReader();
    let reads = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      reads++;
      text += new TextDecoder().decode(value);
    }
    expect(reads).toBeGreaterThan(3);
    expect(text).toContain('</html>');
  });

  it('serves the React partials bundle', async () => {
    const res = await fetch(`${twin.url}/_assets/twin-react-partials.js`, { headers: { 'x-twin-host': 'github.com' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toContain('react-partial');
  });

  it('legacy timeline: .js-timeline-item > .TimelineItem with badge, body, author, relative-time and #event anchors', async () => {
    const { doc } = await page('/octo-org/webapp/pull/43');
    const items = doc.querySelectorAll('#discussion_bucket .js-discussion .js-timeline-item > .TimelineItem');
    // The session's start, then Copilot's question when it started waiting for the user (issue 20 #3).
    expect(items.length).toBe(2);
    expect(texts([items[1]!])[0]).toMatch(/Copilot commented .*Should I extend the test session/s);
    const item = items[0]!;
    expect(item.id).toMatch(/^event-\d+$/);
    expect(item.querySelector('.TimelineItem-badge .octicon-copilot')).not.toBeNull();
    const body = item.querySelector('.TimelineItem-body')!;
    expect(texts([body])[0]).toMatch(/^Copilot AI started work on behalf of octo-demo/);
    expect(body.querySelector('a.author[data-hovercard-type="copilot"]')!.getAttribute('href')).toBe(
      '/apps/copilot-swe-agent',
    );
    expect(body.querySelector('relative-time')!.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(body.querySelector('a[href$="/agent-sessions/5e1f0a43-4444-4a44-9a44-000000000004"]')!.textContent).toBe(
      'View session',
    );
    expect(doc.querySelector('.gh-header-meta .State')!.textContent).toMatch(/Draft/);
    expect(doc.querySelectorAll('[data-timeline-event-id]').length).toBe(0);
  });

  it('failure, timeout and third-party agent events read like GitHub', async () => {
    const failed = await page('/octo-org/webapp/pull/44');
    expect(texts(failed.doc.querySelectorAll('.TimelineItem-body')).join('\n')).toMatch(
      /Copilot AI stopped work on behalf of octo-demo due to an error/,
    );
    const timedOut = await page('/octo-org/api-server/pull/7');
    expect(texts(timedOut.doc.querySelectorAll('.TimelineItem-body')).join('\n')).toMatch(
      /because the session timed out/,
    );
    const codex = await page('/octo-org/docs/pull/15');
    const started = texts(codex.doc.querySelectorAll('.TimelineItem-body'))[0]!;
    expect(started).toMatch(/^Codex AI started work on behalf of octo-demo/);
    expect(codex.doc.querySelector('a[href="/apps/openai-code-agent"]')).not.toBeNull();
  });

  it('unknown layout: no known anchor matches', async () => {
    const { doc } = await page('/octo-org/infra/pull/22');
    expect(
      doc.querySelectorAll(
        'a[href*="agent-sessions"], .js-timeline-item, [data-timeline-event-id], .gh-header-meta, [class^="prc-StateLabel"]',
      ).length,
    ).toBe(0);
    expect(doc.querySelectorAll('.Zq-entry').length).toBe(1);
  });

  it('splits long timelines around a Load more button whose hidden items the live endpoint serves', async () => {
    const { doc } = await page('/octo-org/webapp/pull/46');
    const visible = doc.querySelectorAll('.js-timeline-item');
    expect(visible.length).toBe(30);
    const button = doc.querySelector('[data-twin-load-more]')!;
    const hidden = button.getAttribute('data-twin-hidden')!.split(',');
    expect(hidden.length).toBe(52 - 30); // 50 comments + started + finished
    const live = (await (await fetch(`${twin.url}/_twin/live?pull=octo-org/webapp/46&variant=legacy`)).json()) as {
      items: Array<{ id: string; html: string }>;
    };
    const hiddenHtml = live.items
      .filter((i) => hidden.includes(i.id))
      .map((i) => i.html)
      .join('');
    expect(hiddenHtml).toContain('/agent-sessions/5e1f0a46-7777-4a77-9a77-000000000007');
    expect(doc.querySelector('a[href*="agent-sessions"]')).toBeNull();
  });

  it('live endpoint gains the finished event when the session ends', async () => {
    const url = `${twin.url}/_twin/live?pull=octo-org/webapp/42&variant=hybrid`;
    const before = ((await (await fetch(url)).json()) as { items: unknown[] }).items.length;
    twin.clock.advance(15 * 60_000);
    const after = (await (await fetch(url)).json()) as { items: Array<{ html: string }> };
    expect(after.items.length).toBe(before + 1);
    expect(after.items.at(-1)!.html).toMatch(/finished work/);
  });

  it('dark theme, signed-out pages and an in-page link to another PR', async () => {
    const dark = await page('/octo-org/webapp/pull/42?theme=dark');
    expect(dark.doc.documentElement.getAttribute('data-color-mode')).toBe('dark');
    expect(dark.html).toMatch(/html\[data-color-mode=dark\]\{--fgColor-default:/);
    const out = await page('/octo-org/webapp/pull/42?logged_out=1');
    expect(out.doc.querySelector('meta[name="user-login"]')!.getAttribute('content')).toBe('');
    expect(out.doc.body.classList.contains('logged-out')).toBe(true);
    const related = dark.doc.querySelector('.related-pulls a[href="/octo-org/webapp/pull/43"]');
    expect(related?.getAttribute('data-turbo')).toBe('true');
    expect(dark.html).toContain("dispatchEvent(new CustomEvent('turbo:render'))");
    expect(dark.html).toContain('history.pushState');
  });
});

describe('other pages', () => {
  it('PR list rows link to each PR', async () => {
    const { doc } = await page('/octo-org/webapp/pulls');
    const row = doc.querySelector('div.js-issue-row#issue_42')!;
    const link = row.querySelector('a.js-navigation-open[data-hovercard-type="pull_request"]')!;
    expect(link.getAttribute('href')).toBe('/octo-org/webapp/pull/42');
    expect(doc.querySelectorAll('div.js-issue-row').length).toBe(6);
  });

  it('repository home links to its PRs; session page shows state and log; Agents home lists sessions', async () => {
    const home = await page('/octo-org/webapp');
    expect(home.doc.querySelectorAll('a[href^="/octo-org/webapp/pull/"]').length).toBe(6);
    const session = await page('/octo-org/webapp/pull/44/agent-sessions/5e1f0a44-5555-4a55-9a55-000000000005');
    expect(session.doc.querySelector('[data-state]')!.getAttribute('data-state')).toBe('failed');
    expect(session.doc.querySelector('.flash-error')!.textContent).toMatch(/ERESOLVE/);
    const agents = await page('/copilot/agents');
    expect(agents.doc.querySelectorAll('[data-session-id]').length).toBeGreaterThanOrEqual(10);
    expect((await page('/nobody/nothing/pull/1')).status).toBe(404);
  });

  it('escapes hostile titles, bodies, names and logs', async () => {
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>&"\'';
    const hostile: Scenario = {
      name: 'hostile',
      webUser: 'octo-demo',
      users: [{ login: 'octo-demo' }],
      tokens: [{ token: 't', user: 'octo-demo' }],
      repos: [{ owner: 'octo-demo', name: 'evil', description: evil }],
      pulls: [
        {
          repo: 'octo-demo/evil',
          number: 1,
          title: evil,
          body: evil,
          timeline: 'legacy',
          extraTimeline: [
            { type: 'commented', body: evil, actor: 'octo-demo' },
            { type: 'labeled', label: evil },
          ],
        },
      ],
      tasks: [
        {
          repo: 'octo-demo/evil',
          pull: 1,
          name: evil,
          sessions: [
            {
              id: 'e0000000-0000-4000-8000-000000000001',
              name: evil,
              prompt: evil,
              error: evil,
              timeline: [{ at: '+0s', state: 'failed' }],
            },
          ],
        },
      ],
    };
    twin.load(hostile);
    for (const p of [
      '/octo-demo/evil/pull/1',
      '/octo-demo/evil/pulls',
      '/octo-demo/evil',
      '/octo-demo/evil/pull/1/agent-sessions/e0000000-0000-4000-8000-000000000001',
      '/copilot/agents',
      '/octo-demo/evil/pull/1?timeline=legacy',
    ]) {
      const { html, doc } = await page(p);
      const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
      expect(main, p).not.toContain('<img src=x');
      expect(main, p).not.toContain('<script>alert');
      expect(doc.querySelectorAll('main script:not([type="application/json"]), main img[src="x"]').length, p).toBe(0);
      for (const json of doc.querySelectorAll('main script[type="application/json"]'))
        expect(json.textContent, p).not.toMatch(/<\/?script|<img/i);
      expect(doc.querySelector('main')!.textContent, p).toContain('<script>alert(2)</script>');
    }
  });
});

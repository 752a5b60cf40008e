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
  it('React timeline: one View session link per session, actor links, hashed body classes, state label', async () => {
    const { doc, status } = await page('/octo-org/webapp/pull/42');
    expect(status).toBe(200);
    expect(doc.querySelector('meta[name="user-login"]')!.getAttribute('content')).toBe('octo-demo');
    expect(doc.documentElement.getAttribute('data-color-mode')).toBe('light');
    const links = [...doc.querySelectorAll('a[href*="/agent-sessions/"]')].map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      '/octo-org/webapp/pull/42/agent-sessions/5e1f0a42-1111-4a11-9a11-000000000001',
      '/octo-org/webapp/pull/42/agent-sessions/5e1f0a42-2222-4a22-9a22-000000000002',
      '/octo-org/webapp/pull/42/agent-sessions/5e1f0a42-3333-4a33-9a33-000000000003',
    ]);
    const items = doc.querySelectorAll('[data-wrapper-timeline-id] > [data-timeline-event-id]');
    expect(items.length).toBe(8); // 3 started, 2 finished, 1 comment, 1 label, 1 review request
    const bodies = doc.querySelectorAll('[class^="TimelineRow-module__timelineBodyContent"]');
    expect(texts(bodies).filter((t) => /Copilot AI started work on behalf of octo-demo/.test(t))).toHaveLength(3);
    expect(texts(bodies).filter((t) => /Copilot AI finished work on behalf of octo-demo/.test(t))).toHaveLength(2);
    const actors = doc.querySelectorAll('a[class^="row-module__eventActorLink"][data-hovercard-type="copilot"]');
    expect(actors.length).toBe(5);
    expect(actors[0]!.getAttribute('href')).toBe('/apps/copilot-swe-agent');
    expect(actors[0]!.getAttribute('data-hovercard-url')).toBe('/copilot/hovercard?bot=copilot-swe-agent');
    expect(doc.querySelectorAll('.octicon-copilot').length).toBeGreaterThanOrEqual(5);
    expect(doc.querySelector('span[class^="prc-StateLabel"]')!.getAttribute('data-status')).toBe('draft');
    expect(doc.querySelector('.gh-header-meta')).toBeNull();
  });

  it('legacy timeline: .js-timeline-item > .TimelineItem with badge, body, author, relative-time and #event anchors', async () => {
    const { doc } = await page('/octo-org/webapp/pull/43');
    const items = doc.querySelectorAll('#discussion_bucket .js-discussion .js-timeline-item > .TimelineItem');
    expect(items.length).toBe(1);
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
    expect(texts(failed.doc.querySelectorAll('[class^="TimelineRow-module__timelineBodyContent"]')).join('\n')).toMatch(
      /Copilot AI stopped work on behalf of octo-demo due to an error/,
    );
    const timedOut = await page('/octo-org/api-server/pull/7');
    expect(texts(timedOut.doc.querySelectorAll('.TimelineItem-body')).join('\n')).toMatch(
      /because the session timed out/,
    );
    const codex = await page('/octo-org/docs/pull/15');
    const started = texts(codex.doc.querySelectorAll('[class^="TimelineRow-module__timelineBodyContent"]'))[0]!;
    expect(started).toMatch(/^Codex AI started work on behalf of octo-demo/);
    expect(codex.doc.querySelector('a[href="/apps/openai-codex"]')).not.toBeNull();
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
    const url = `${twin.url}/_twin/live?pull=octo-org/webapp/42&variant=react`;
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
      '/octo-demo/evil/pull/1?timeline=react',
    ]) {
      const { html, doc } = await page(p);
      const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
      expect(main, p).not.toContain('<img src=x');
      expect(main, p).not.toContain('<script>alert');
      expect(doc.querySelectorAll('main script, main img[src="x"]').length, p).toBe(0);
      expect(doc.querySelector('main')!.textContent, p).toContain('<script>alert(2)</script>');
    }
  });
});

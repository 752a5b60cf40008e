/**
 * Issue 17 #8 (and #5), as the attacker, in real Chromium against the twin: the page's main world reads the drawer
 * frame's URL (no session, login, PR or extension id in it); a page frames drawer.html itself, with today's hash, a
 * made-up ticket, from a non-configured host or from a page that is not a PR (nothing shown, no Stop); a ticket is
 * replayed (refused); page messages try to switch the open drawer (they cannot); 40 `pushState` calls (a bounded
 * number of API requests, counted in the twin's request log).
 *
 * Hooks: the drawer frame `[data-agent-sessions-drawer] iframe`; inside, `.as-drawer[data-session-id]` (a session
 * shown), `[data-view="gate"]` (waiting for or refused a ticket, `[data-refused]`), `[data-action="stop"]`.
 */
import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PR42, S42, S42_FIRST } from './helpers/demo';
import { drawer, drawerHost } from './helpers/page';

test.use({ scenario: 'demo' });

const NS = 'agent-sessions-drawer';

/** Opens PR 42 with its running session in the drawer, shown from a redeemed ticket; the frame's src and the page login. */
async function openDrawer(page: Page): Promise<{ src: string; login: string }> {
  await page.goto(`${PR42}#agent-session=${S42}`);
  await expect(drawer(page).locator(`.as-drawer[data-session-id="${S42}"] [data-role="session-where"]`)).toContainText(
    '#42',
    { timeout: 30_000 }, // the first page of a cold browser on a loaded machine
  );
  // The page's main world: what GitHub's scripts (or an XSS) can read of the frame.
  return page.evaluate(() => {
    const frame = document.querySelector('[data-agent-sessions-drawer]')?.shadowRoot?.querySelector('iframe');
    const login = document.querySelector('meta[name="user-login"]')?.getAttribute('content') ?? '';
    return { src: frame?.src ?? '', login };
  });
}

/** The page's main world frames `url` as `#id`. */
async function frameFromPage(page: Page, id: string, url: string): Promise<void> {
  await page.evaluate(
    ([id, url]) => {
      const f = document.createElement('iframe');
      f.id = id;
      f.src = url;
      f.style.cssText = 'position:fixed;left:0;top:0;width:600px;height:400px;z-index:9999';
      // The drawer says 'ready' to its embedder once it listens for a ticket: marked, so a test posts only then.
      addEventListener('message', (e) => {
        if (e.source === f.contentWindow && (e.data as { type?: unknown } | null)?.type === 'ready')
          f.dataset.ready = '';
      });
      document.body.append(f);
    },
    [id, url] as const,
  );
}

/**
 * The page's main world posts a drawer message to its frame `#id`, once the frame listens (it said 'ready'): a message
 * posted earlier would be lost, and a test of what the drawer does with it would pass or fail on the race.
 */
async function postFromPage(page: Page, id: string, message: object): Promise<void> {
  await page.locator(`iframe#${id}[data-ready]`).waitFor({ state: 'attached' });
  await page.evaluate(
    ([id, message]) => {
      const f = document.getElementById(id) as HTMLIFrameElement | null;
      f?.contentWindow?.postMessage(message, '*');
    },
    [id, message] as const,
  );
}

test('a page script reading the drawer frame’s URL finds no session, login, PR or extension id; Stop still works', async ({
  page,
  expectSignedIn,
  extensionId,
  twin,
}) => {
  await expectSignedIn();
  const { src, login } = await openDrawer(page);
  expect(login).not.toBe('');
  expect(src).toMatch(/^chrome-extension:\/\/[^/]+\/drawer\.html#/);
  const hash = decodeURIComponent(new URL(src).hash);
  for (const leak of [S42, login, 'octo-org', 'webapp', '42', 'session', 'login', 'pr='])
    expect(hash, `the frame URL names ${leak}`).not.toContain(leak);
  // Chrome loads it through its per-session dynamic URL: the extension's id is not in it.
  expect(src).not.toContain(extensionId);
  // The person's Stop in the drawer (its ticket's PR, its login) still stops in one click.
  await expect(drawerHost(page)).toHaveAttribute('data-open', '');
  await page.waitForTimeout(300); // the slide-in
  const stop = drawer(page).locator('[data-action="stop"]');
  await expect(stop).toBeEnabled();
  await stop.click();
  await expect.poll(() => twin.requests({ method: 'POST', path: /\/cancel(\?|$)/ }).length).toBe(1);
});

test('a page’s own frame of drawer.html, its hash naming the session or a made-up ticket: nothing shown, no Stop; page messages do not switch the drawer', async ({
  page,
  expectSignedIn,
  extensionId,
}) => {
  await expectSignedIn();
  const { src, login } = await openDrawer(page);
  const base = src.split('#')[0]!;
  const named = `#session=${S42}&theme=light&login=${login}&pr=${encodeURIComponent('octo-org/webapp#42')}`;
  // Today's hash, through the URL the page read, and through the extension's static id.
  await frameFromPage(page, 'evil', base + named);
  await frameFromPage(page, 'evil-static', `chrome-extension://${extensionId}/drawer.html${named}`);
  const evil = page.frameLocator('#evil');
  await expect(evil.locator('[data-view="gate"]')).toBeVisible();
  await postFromPage(page, 'evil', { ns: NS, type: 'ticket', nonce: 'made-up-nonce-0000' });
  await postFromPage(page, 'evil', { ns: NS, type: 'open', sessionId: S42 });
  await expect(evil.locator('[data-refused]')).toContainText('not opened by the extension');
  for (const f of [evil, page.frameLocator('#evil-static')]) {
    await expect(f.locator('[data-session-id]')).toHaveCount(0);
    await expect(f.locator('[data-action="stop"]')).toHaveCount(0);
  }
  // The extension's drawer: a page message naming another session, or a made-up ticket, switches nothing.
  await page.evaluate(
    ([ns, other]) => {
      const f = document.querySelector('[data-agent-sessions-drawer]')?.shadowRoot?.querySelector('iframe');
      f?.contentWindow?.postMessage({ ns, type: 'open', sessionId: other }, '*');
      f?.contentWindow?.postMessage({ ns, type: 'ticket', nonce: 'made-up-nonce-1111' }, '*');
    },
    [NS, S42_FIRST] as const,
  );
  await page.waitForTimeout(1500);
  await expect(drawer(page).locator(`.as-drawer[data-session-id="${S42}"]`)).toBeVisible();
  await expect(drawer(page).locator('[data-action="stop"]')).toBeVisible();
});

test('framed by a non-configured host or by a GitHub page that is not the ticket’s PR: nothing shown, no Stop', async ({
  page,
  context,
  expectSignedIn,
}) => {
  await expectSignedIn();
  const { src, login } = await openDrawer(page);
  const url = `${src.split('#')[0]}#session=${S42}&theme=light&login=${login}`;
  for (const at of ['https://evil.ghe.com/octo-org/webapp/pull/42', 'https://github.com/octo-org/webapp']) {
    const other = await context.newPage();
    await other.goto(at).catch(() => undefined);
    await frameFromPage(other, 'evil', url);
    const evil = other.frameLocator('#evil');
    // Whether the browser refused to load it or the drawer refused to show: no session, no Stop.
    await expect
      .poll(
        async () =>
          (await evil.locator('[data-refused]').count()) + ((await evil.locator('body').count()) === 0 ? 1 : 0),
        {
          timeout: 15_000,
        },
      )
      .toBeGreaterThan(0);
    await expect(evil.locator('[data-session-id]')).toHaveCount(0);
    await expect(evil.locator('[data-action="stop"]')).toHaveCount(0);
    await other.close();
  }
});

/** Runs `expression` in the content script's isolated world of `page` (what only the extension can do). */
async function inContentScript(page: Page, expression: string): Promise<unknown> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const contexts: { id: number; name: string; auxData?: { type?: string; isDefault?: boolean } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await expect.poll(() => contexts.some((c) => c.auxData?.type === 'isolated')).toBe(true);
  const world = contexts.find((c) => c.auxData?.type === 'isolated' && /Agent Sessions/.test(c.name));
  expect(world, `isolated worlds: ${contexts.map((c) => c.name).join(', ')}`).toBeTruthy();
  const res = await cdp.send('Runtime.evaluate', {
    contextId: world!.id,
    expression,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  return res.result.value;
}

test('a ticket works once: replayed in another frame it is refused, with a clear message and no Stop', async ({
  page,
  expectSignedIn,
}) => {
  await expectSignedIn();
  const { src, login } = await openDrawer(page);
  // A ticket issued to this tab's content script (taken through the devtools protocol: a page cannot ask for one).
  const res = (await inContentScript(
    page,
    `chrome.runtime.sendMessage({ type: 'drawerTicket', sessionId: ${JSON.stringify(S42)}, pageLogin: ${JSON.stringify(login)} })`,
  )) as { ok: boolean; data?: { nonce: string } };
  expect(res.ok).toBe(true);
  const nonce = res.data!.nonce;
  const base = src.split('#')[0]!;
  await frameFromPage(page, 'first', `${base}#theme=light`);
  await expect(page.frameLocator('#first').locator('[data-view="gate"]')).toBeVisible();
  await postFromPage(page, 'first', { ns: NS, type: 'ticket', nonce });
  await expect(page.frameLocator('#first').locator(`.as-drawer[data-session-id="${S42}"]`)).toBeVisible();
  // The same nonce again: refused.
  await frameFromPage(page, 'replay', `${base}#theme=light`);
  const replay = page.frameLocator('#replay');
  await expect(replay.locator('[data-view="gate"]')).toBeVisible();
  await postFromPage(page, 'replay', { ns: NS, type: 'ticket', nonce });
  await expect(replay.locator('[data-refused]')).toContainText('already used');
  await expect(replay.locator('[data-session-id]')).toHaveCount(0);
  await expect(replay.locator('[data-action="stop"]')).toHaveCount(0);
});

test('40 pushState calls from the page cost a bounded number of API requests (issue 17 #5)', async ({
  page,
  expectSignedIn,
  twin,
}) => {
  await expectSignedIn();
  await page.goto(PR42);
  await expect(page.locator('[data-agent-sessions-badge="header"]')).toHaveCount(1);
  await page.waitForTimeout(2000); // the page's own first lookups settle
  twin.clearRequests();
  // The page's main world: 40 soft navigations to 40 PRs of 40 repositories the extension has never looked at.
  await page.evaluate(async () => {
    for (let i = 0; i < 40; i++) {
      history.pushState({}, '', `/octo-org/spam-${i}/pull/${i + 1}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  await page.waitForTimeout(4000);
  const api = twin.requests({ host: 'api.github.com' });
  const touched = new Set(api.map((r) => /\/repos\/octo-org\/(spam-\d+)\//.exec(r.path)?.[1]).filter(Boolean));
  test.info().annotations.push({ type: 'api requests', description: `${api.length} (${touched.size} repositories)` });
  // The per-tab budget (utils/background/page-budget.ts: 6 at once, then one per 15 s): most of the 40 cost nothing.
  expect(touched.size).toBeLessThanOrEqual(8);
  expect(api.length).toBeLessThanOrEqual(40);
});

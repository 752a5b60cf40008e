// Temporary debugging spec (drawer owner); removed before hand-off.
import { expect, test } from './fixtures';
test.use({ scenario: 'demo' });
test('debug', async ({ page, signIn, twin, errors }) => {
  await twin.advance(5 * 60_000);
  await signIn('ghp_demo_token');
  page.on('console', (m) => console.log('PAGE', m.text()));
  await page.goto('https://github.com/octo-org/webapp/pull/42');
  await page.evaluate(() => {
    new MutationObserver((ms) => { for (const m of ms) for (const n of [...m.addedNodes, ...m.removedNodes]) if ((n as Element).hasAttribute?.('data-agent-sessions-drawer')) console.log('drawer node', m.addedNodes.length ? 'added' : 'removed', location.href, new Error().stack); }).observe(document.body, { childList: true });
    window.addEventListener('message', (e) => console.log('msg', e.origin, JSON.stringify(e.data)));
    const rs = history.replaceState.bind(history); history.replaceState = (a, b, c) => { console.log('replaceState', c); return rs(a, b, c); };
  });
  await page.locator('[data-agent-sessions-badge="timeline"][data-session-id="5e1f0a42-1111-4a11-9a11-000000000001"] button').click();
  await page.frameLocator('[data-agent-sessions-drawer] iframe').locator('[data-entry-kind]').first().waitFor();
  await page.waitForTimeout(1000);
  const fr = page.frames().find((f) => f.url().includes('drawer.html'))!;
  fr.on?.('console' as never, (() => {}) as never);
  await fr.evaluate(() => { document.addEventListener('click', (e) => console.log('drawer click', (e.target as Element).outerHTML.slice(0, 100)), true); });
  console.log('box', JSON.stringify(await page.frameLocator('[data-agent-sessions-drawer] iframe').locator('[data-action="close"]').boundingBox()), JSON.stringify(await page.locator('[data-agent-sessions-drawer]').boundingBox()));
  console.log('hit', await page.evaluate(() => { const el = document.elementFromPoint(1260, 80); return el?.outerHTML.slice(0, 200); }));
  console.log('--- click close');
  await page.frameLocator('[data-agent-sessions-drawer] iframe').locator('[data-action="close"]').click();
  await page.waitForTimeout(2000);
  console.log('count', await page.locator('[data-agent-sessions-drawer]').count(), page.url());
  console.log('errors', errors.format());
});

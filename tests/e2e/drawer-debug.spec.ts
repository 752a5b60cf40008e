// Temporary debugging spec (drawer owner); removed before hand-off.
import { test } from './fixtures';
test.use({ scenario: 'demo' });
test('debug', async ({ page, signIn, twin, errors }) => {
  await twin.advance(5 * 60_000);
  await signIn('ghp_demo_token');
  page.on('console', (m) => console.log('CONSOLE', m.text()));
  await page.goto('https://github.com/octo-org/webapp/pull/42');
  await page.evaluate(() => {
    window.addEventListener('message', (e) => console.log('msg', e.origin, JSON.stringify(e.data)));
  });
  await page.locator('[data-agent-sessions-badge="timeline"][data-session-id="5e1f0a42-1111-4a11-9a11-000000000001"] button').click();
  for (let i = 0; i < 8; i++) {
    console.log(i, await page.evaluate(() => [...document.querySelectorAll('[data-agent-sessions-drawer]')].map((h) => `${h.getAttribute('data-open')} ${h.getAnimations().length} ${h.getBoundingClientRect().x} active=${document.activeElement?.tagName}`)));
    await page.waitForTimeout(150);
  }
  await page.frameLocator('[data-agent-sessions-drawer] iframe').locator('[data-entry-kind]').first().waitFor();
  const fr = page.frames().find((f) => f.url().includes('drawer.html'))!;
  await fr.evaluate(() => { document.addEventListener('click', (e) => console.log('drawer click', (e.target as Element).outerHTML.slice(0, 80)), true); });
  console.log('--- click close');
  await page.frameLocator('[data-agent-sessions-drawer] iframe').locator('[data-action="close"]').click();
  await page.waitForTimeout(1000);
  console.log('count', await page.locator('[data-agent-sessions-drawer]').count(), page.url());
  console.log('errors', errors.format());
});

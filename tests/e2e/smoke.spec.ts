import { expect, test } from './fixtures';
import { scenarioInfo } from './helpers/scenario';

test.use({ scenario: 'demo' });

test('the service worker, the popup and the content script are alive against the twin', async ({
  serviceWorker,
  extensionId,
  openPopup,
  page,
  scenario,
  expectNoErrors,
}) => {
  // Service worker: registered from our extension.
  expect(extensionId).toMatch(/^[a-p]{32}$/);
  expect(serviceWorker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
  const runtimeId = await serviceWorker.evaluate(
    () => (globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime?.id,
  );
  expect(runtimeId).toBe(extensionId);

  // Popup: the page renders something into #app.
  const popup = await openPopup();
  await expect(popup.locator('#app')).not.toBeEmpty();

  // Content script: on the twin's PR page it marks the document (<html data-agent-sessions="ready">).
  const pr = scenarioInfo(scenario).pullUrls[0];
  expect(pr, 'the scenario has a pull request').toBeTruthy();
  const response = await page.goto(pr!.url);
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('data-agent-sessions', /.+/);

  expectNoErrors();
});

test("the extension's own requests reach the twin (service worker fetches are routed)", async ({
  twin,
  signIn,
  serviceWorker,
}) => {
  const answer = await signIn();
  expect(answer).toMatchObject({ ok: true });
  await expect
    .poll(() => twin.requests({ host: 'api.github.com', method: 'GET', path: '/user' }).length)
    .toBeGreaterThan(0);
  const [user] = twin.requests({ path: '/user' });
  expect(user?.status).toBe(200);

  // And directly from the service worker.
  const status = await serviceWorker.evaluate(async () => (await fetch('https://api.github.com/user')).status);
  expect(status).toBe(401); // no token: GitHub's 401
});

test('hosts outside GitHub are blocked and dropped twin connections become network errors', async ({
  serviceWorker,
  twin,
}) => {
  const tryFetch = (url: string) =>
    serviceWorker.evaluate(async (u) => {
      try {
        return `status ${(await fetch(u)).status}`;
      } catch (error) {
        return String(error);
      }
    }, url);
  expect(await tryFetch('https://example.com/')).toContain('TypeError');
  twin.twin.fault({ type: 'drop', host: 'api.github.com', path: '/zen', count: 1 });
  expect(await tryFetch('https://api.github.com/zen')).toContain('TypeError');
  expect(twin.requests({ path: '/zen' })[0]?.fault).toBe('drop');
});

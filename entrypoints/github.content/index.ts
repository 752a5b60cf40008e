/**
 * The github.com content script: the feature manager (manager.ts) runs the page features (features/index.ts)
 * that match each page and follows GitHub's soft navigations. The configured *.ghe.com host is added at run time
 * (registered by the background), not here.
 *
 * It starts at `document_start` so that, on a full load of a PR, the question to the background (and the API round
 * trip a cold background makes) runs while GitHub's HTML is still arriving; features start as soon as `<body>`
 * exists and pick up timeline anchors as the parser inserts them.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { sharedStyleSheet } from '../../components/page/shadow';
import { parsePr } from '../../utils/page/urls';
import { prData } from './data';
import { FEATURES } from './features';
import { startFeatureManager } from './manager';

function whenBodyExists(run: () => void, signal: AbortSignal): void {
  if (document.body) {
    run();
    return;
  }
  const mo = new MutationObserver(() => {
    if (!document.body) return;
    mo.disconnect();
    run();
  });
  mo.observe(document.documentElement, { childList: true });
  signal.addEventListener('abort', () => mo.disconnect(), { once: true });
}

export default defineContentScript({
  matches: ['https://github.com/*'],
  runAt: 'document_start',
  main(ctx) {
    try {
      const pr = parsePr(new URL(location.href));
      // Warm the shared data source; the features take their own reference within its grace period.
      const warm = new AbortController();
      if (pr) {
        prData(pr, warm.signal);
        // Parse the badges' stylesheet now, while the question is out and the HTML still arriving.
        sharedStyleSheet();
      }
      whenBodyExists(() => {
        try {
          startFeatureManager(FEATURES, ctx.signal);
        } catch (error) {
          console.warn('[agent-sessions] could not start', error);
        } finally {
          warm.abort();
        }
      }, ctx.signal);
    } catch (error) {
      console.warn('[agent-sessions] could not start', error);
    }
  },
});

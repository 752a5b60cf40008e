/**
 * The github.com content script: the feature manager (manager.ts) runs the page features (features/index.ts)
 * that match each page and follows GitHub's soft navigations. The configured *.ghe.com host is added at run time
 * (registered by the background), not here.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { FEATURES } from './features';
import { startFeatureManager } from './manager';

export default defineContentScript({
  matches: ['https://github.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    try {
      startFeatureManager(FEATURES, ctx.signal);
    } catch (error) {
      console.warn('[agent-sessions] could not start', error);
    }
  },
});

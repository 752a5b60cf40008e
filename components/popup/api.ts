/**
 * What the popup needs from the extension besides the view state (utils/view-state): the remembered filters and the
 * options page. Injected so tests can pass a mock.
 */
import { browser } from 'wxt/browser';
import { browserTransport, type ViewTransport } from '../../utils/view-state/client';

export interface ViewApi extends ViewTransport {
  loadFilters(): Promise<unknown>;
  saveFilters(filters: unknown): Promise<void>;
  openOptions(): void;
  /** Opens the usage page (charts of sessions and credits) in a tab. */
  openUsage(): void;
}

const FILTERS_KEY = 'popupFilters';

export const browserApi: ViewApi = {
  ...browserTransport,
  async loadFilters() {
    try {
      return (await browser.storage.local.get(FILTERS_KEY))[FILTERS_KEY];
    } catch {
      return undefined;
    }
  },
  async saveFilters(filters) {
    try {
      await browser.storage.local.set({ [FILTERS_KEY]: filters });
    } catch {
      // not important enough to bother the user
    }
  },
  openOptions() {
    void browser.runtime.openOptionsPage().catch(() => undefined);
  },
  openUsage() {
    void browser.tabs.create({ url: browser.runtime.getURL('/usage.html') }).catch(() => undefined);
  },
};

/**
 * Page-triggered lookups, rate-limited per tab (issue 17 #5): a page can call `history.pushState` as often as it
 * likes, and each soft navigation makes the content script ask for that PR's sessions, which may cost API requests
 * (other users' sessions, a sync). Each tab has a token bucket: BURST lookups at once, then one per REFILL_MS. A
 * request over budget is still answered, from what the background already knows, without any API request.
 */
export const PAGE_BURST = 6;
const PAGE_REFILL_MS = 15_000;
const MAX_TABS = 200;

export class PageBudget {
  private tabs = new Map<number, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly burst = PAGE_BURST,
    private readonly refillMs = PAGE_REFILL_MS,
  ) {}

  /** True when tab `tabId` may spend one lookup now (and spends it). */
  take(tabId: number): boolean {
    const now = this.now();
    let b = this.tabs.get(tabId);
    if (!b) {
      if (this.tabs.size >= MAX_TABS) {
        const oldest = this.tabs.keys().next().value;
        if (oldest !== undefined) this.tabs.delete(oldest);
      }
      b = { tokens: this.burst, at: now };
      this.tabs.set(tabId, b);
    }
    const refilled = Math.floor((now - b.at) / this.refillMs);
    if (refilled > 0) {
      b.tokens = Math.min(this.burst, b.tokens + refilled);
      b.at = b.tokens === this.burst ? now : b.at + refilled * this.refillMs;
    }
    if (b.tokens <= 0) return false;
    b.tokens--;
    return true;
  }
}

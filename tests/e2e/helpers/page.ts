/**
 * Locators and actions on what the extension renders, shared by the specs: the badges and the log drawer on
 * github.com pages (light-DOM hosts with an open shadow root, see components/page/shadow.tsx), popup rows, the
 * toolbar badge, page dialogs and axe checks.
 */
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, type Dialog, expect, type Frame, type FrameLocator, type Page } from '@playwright/test';
import { drawerFrame } from './observe';

type BadgeKind = 'timeline' | 'header' | 'list' | 'fallback';

/** The badge hosts of one kind on a github.com page, or the one of `sessionId`. */
const badge = (page: Page, kind: BadgeKind, sessionId?: string) =>
  page.locator(`[data-agent-sessions-badge="${kind}"]${sessionId ? `[data-session-id="${sessionId}"]` : ''}`);
/** The PR header badge (it shows the PR's latest session). */
export const headerBadge = (page: Page) => badge(page, 'header');
/** Every timeline badge on the page. */
export const timelineBadges = (page: Page) => badge(page, 'timeline');
/** The timeline badge of one session. */
export const timelineBadge = (page: Page, sessionId: string) => badge(page, 'timeline', sessionId);

/** The drawer's light-DOM host (carries `data-session-id`, `data-open`), or the one showing `sessionId`. */
export const drawerHost = (page: Page, sessionId?: string) =>
  page.locator(`[data-agent-sessions-drawer]${sessionId ? `[data-session-id="${sessionId}"]` : ''}`);
/** Inside the drawer: its iframe (drawer.html) in the host's shadow root. */
export const drawer = (page: Page): FrameLocator => page.frameLocator('[data-agent-sessions-drawer] iframe');

/** The drawer's frame once it exists, to evaluate in (a FrameLocator cannot). */
export async function waitForDrawerFrame(page: Page, options: { timeout?: number } = {}): Promise<Frame> {
  await expect.poll(() => drawerFrame(page) !== null, options).toBe(true);
  return drawerFrame(page)!;
}

/** A session's row in the popup. */
export const popupRow = (page: Page, sessionId: string) => page.locator(`li[data-session-id="${sessionId}"]`);

/** The toolbar badge's text and tooltip; `page` is an extension page (popup, options), where `chrome.action` is. */
export async function toolbarBadge(page: Page): Promise<{ text: string; title: string }> {
  return page.evaluate(async () => {
    const a = (
      globalThis as unknown as {
        chrome: { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } };
      }
    ).chrome.action;
    return { text: await a.getBadgeText({}), title: await a.getTitle({}) };
  });
}

/**
 * Records and dismisses every dialog (alert, confirm, prompt) of `page` and of pages opened later: a hostile-text
 * test expects none, and an undismissed dialog would block the page.
 */
export function collectDialogs(context: BrowserContext, page: Page): string[] {
  const dialogs: string[] = [];
  const onDialog = (d: Dialog) => {
    dialogs.push(d.message());
    void d.dismiss();
  };
  context.on('page', (p) => p.on('dialog', onDialog));
  page.on('dialog', onDialog);
  return dialogs;
}

/** axe's serious and critical violations on `page` (only inside `include`, when given). */
export async function seriousAxeViolations(page: Page, include?: string) {
  const builder = new AxeBuilder({ page: page as never });
  const results = await (include ? builder.include(include) : builder).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

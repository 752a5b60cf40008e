/**
 * The drawer at common laptop sizes (issue 15): at 1280×800 and 1024×768 the drawer fits — its title, toolbar and
 * close button are inside its frame, nothing is cut off on the right — and the PR page beside it stays usable (its
 * title is not squeezed into a word per line). Writes docs/screenshots/drawer-{1280,1024}-{light,dark}.png.
 * Hooks: the drawer host `[data-agent-sessions-drawer]`, inside the frame `.as-drawer-top`, `[data-action="close"]`,
 * `.as-log-toolbar`, `[data-role="log-search"]`; on the page the PR title `bdi.markdown-title`.
 */
import { expect, test } from './fixtures';
import { PR42, S42 } from './helpers/demo';
import { drawer, drawerHost } from './helpers/page';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
] as const;

for (const size of SIZES) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`fits at ${size.width}×${size.height} (${scheme})`, async ({ page, expectSignedIn, twin }) => {
      await twin.advance(9 * 60_000);
      await expectSignedIn();
      await page.bringToFront();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(size);
      await page.goto(`${PR42}${scheme === 'dark' ? '?theme=dark' : ''}#agent-session=${S42}`);
      await expect(drawerHost(page)).toHaveAttribute('data-session-id', S42);
      await expect
        .poll(() => drawerHost(page).evaluate((el) => el.hasAttribute('data-open') && el.getAnimations().length === 0))
        .toBe(true);
      await expect(drawer(page).locator('[data-entry-kind]').first()).toBeVisible();

      // The drawer leaves the page at least half the window, and sits inside the window.
      const host = await drawerHost(page).boundingBox();
      expect(host).not.toBeNull();
      if (!host) return;
      expect(host.x + host.width).toBeLessThanOrEqual(size.width + 1);
      expect(host.width).toBeLessThanOrEqual(size.width / 2);
      expect(host.width).toBeGreaterThanOrEqual(360);

      // Inside the frame: nothing wider than the frame; title, close button and toolbar fully visible.
      const fit = await drawer(page)
        .locator('body')
        .evaluate(() => {
          const w = document.documentElement.clientWidth;
          const box = (sel: string) => document.querySelector(sel)?.getBoundingClientRect() ?? null;
          const inside = (r: DOMRect | null) => !!r && r.left >= 0 && r.right <= w + 0.5 && r.width > 0;
          const title = document.querySelector<HTMLElement>('.as-drawer-title');
          const toolbar = [...document.querySelectorAll<HTMLElement>('.as-log-toolbar button, .as-log-toolbar input')];
          return {
            scrollOverflow: document.documentElement.scrollWidth - w,
            close: inside(box('[data-action="close"]')),
            title: inside(title?.getBoundingClientRect() ?? null) && (title?.clientWidth ?? 0) >= 120,
            toolbar: toolbar.length > 0 && toolbar.every((el) => inside(el.getBoundingClientRect())),
            theme: document.documentElement.dataset.theme,
          };
        });
      expect(fit).toEqual({ scrollOverflow: 0, close: true, title: true, toolbar: true, theme: scheme });

      // The PR page beside it: the title keeps a readable width (not a word per line).
      const title = page.locator('bdi.markdown-title').first();
      const t = await title.boundingBox();
      expect(t).not.toBeNull();
      if (t) {
        expect(t.x + t.width).toBeLessThanOrEqual(host.x + 1);
        expect(t.width).toBeGreaterThanOrEqual(250);
      }
      await page.waitForTimeout(300);
      await page.screenshot({ path: `docs/screenshots/drawer-${size.width}-${scheme}.png` });
    });
  }
}

/**
 * PR list badges: on `/o/r/pulls` and `/pulls` (Rails rows, or the preview React list once React hydrated it),
 * a small badge next to each PR that has agent sessions, with the
 * latest state (`getRepoPrStates` for the PR numbers on the page, grouped by repository; asked again after each
 * background sync). The storage mirror fills in the user's own sessions first when the background is slow to answer.
 */
import { h } from 'preact';
import { ListBadge } from '../../../components/page/ListBadge';
import { type Mounted, mountShadow } from '../../../components/page/shadow';
import type { ListPrState } from '../../../components/page/types';
import { readSnapshotMirror } from '../../../utils/messages/mirror';
import type { StateSnapshot } from '../../../utils/model/state';
import { reactRootOf, whenHydrated } from '../../../utils/page/hydration';
import { observe, onNextFrame } from '../../../utils/page/observe';
import { css } from '../../../utils/page/selectors';
import { isPrList, type PrRef, parsePr } from '../../../utils/page/urls';
import { prDeepLink, prKey, prStates, prUrl } from '../../../utils/sessions/selectors';
import { onPush, parseRepoPrStates, repoPrStates } from '../data';
import type { PageFeature } from '../feature';

interface Row {
  pr: PrRef;
  link: Element;
  mounted: Mounted | null;
  /** False until React has hydrated the row (the preview list is server-rendered React): nothing goes in before. */
  ready: boolean;
}

export const listBadges: PageFeature = {
  id: 'list-badges',
  include: [isPrList],
  init(signal) {
    const rows: Row[] = [];
    const states = new Map<string, ListPrState>();
    const keyOf = prKey;
    let pending = new Set<Row>();
    let scheduled = false;
    let enabled = true;

    const paint = (row: Row) => {
      if (!row.ready) return;
      const info = states.get(keyOf(row.pr));
      if (!info) {
        row.mounted?.remove();
        row.mounted = null;
        return;
      }
      if (!row.mounted || !row.mounted.host.isConnected) {
        row.mounted = mountShadow('list', (host) => row.link.after(host), signal);
      }
      const href = info.sessionId ? prDeepLink(prUrl(location.origin, row.pr), info.sessionId) : null;
      row.mounted.host.hidden = !enabled;
      row.mounted.render(h(ListBadge, { info, href, host: row.mounted.host }));
    };

    // Read once per page, at the first batch.
    let mirrorRead: Promise<StateSnapshot | null> | null = null;
    const fetchFor = async (batch: Row[]) => {
      mirrorRead ??= readSnapshotMirror();
      const mirror = mirrorRead;
      const byRepo = new Map<string, Row[]>();
      for (const r of batch) {
        const k = `${r.pr.owner}/${r.pr.repo}`;
        byRepo.set(k, [...(byRepo.get(k) ?? []), r]);
      }
      await Promise.all(
        Array.from(byRepo.values()).map(async (group) => {
          const { owner, repo } = group[0]!.pr;
          const numbers = Array.from(new Set(group.map((r) => r.pr.number))).slice(0, 100);
          // While a sleeping service worker starts, the storage mirror already knows the user's own sessions.
          let answered = false;
          void mirror.then((m) => {
            if (answered || signal.aborted || !m || m.auth?.status !== 'signed-in') return;
            const early = parseRepoPrStates(prStates(m.sessions, owner, repo, numbers, m.unread ?? []));
            for (const [n, v] of early) states.set(keyOf({ owner, repo, number: n }), v);
            for (const r of group) if (early.has(r.pr.number)) paint(r);
          });
          try {
            const result = await repoPrStates(owner, repo, numbers);
            answered = true;
            if (signal.aborted) return;
            for (const n of numbers) {
              const k = keyOf({ owner, repo, number: n });
              const v = result.get(n);
              if (v) states.set(k, v);
              else states.delete(k);
            }
            for (const r of group) paint(r);
          } catch {
            // No badge is the honest answer when the background cannot say (signed out, offline).
          }
        }),
      );
    };

    const flush = () => {
      scheduled = false;
      const batch = Array.from(pending);
      pending = new Set();
      if (batch.length && !signal.aborted) void fetchFor(batch);
    };
    const queue = (row: Row) => {
      pending.add(row);
      if (!scheduled) {
        scheduled = true;
        onNextFrame(flush);
      }
    };

    observe(
      css('prListRow'),
      (rowEl) => {
        const link = rowEl.querySelector(css('prListLink')) ?? rowEl.querySelector('a[href*="/pull/"]');
        if (!link) return;
        let pr: PrRef | null = null;
        try {
          pr = parsePr(new URL(link.getAttribute('href') ?? '', location.href));
        } catch {
          pr = null;
        }
        if (!pr || rows.some((r) => r.link === link)) return;
        const row: Row = { pr, link, mounted: null, ready: !reactRootOf(link) };
        rows.push(row);
        queue(row);
        if (!row.ready)
          void whenHydrated(link, signal).then(() => {
            row.ready = true;
            paint(row);
          });
      },
      signal,
    );

    // After each background sync or state change, ask again for every row still on the page (batched per frame);
    // the settings switch (features.listBadges) hides the badges.
    let lastSync: string | null | undefined;
    onPush((push) => {
      if (push.type === 'transition') {
        for (const r of rows) if (r.link.isConnected) queue(r);
        return;
      }
      if (push.type !== 'state') return;
      const on = push.state.settings?.features?.listBadges !== false;
      if (on !== enabled) {
        enabled = on;
        for (const r of rows) if (r.mounted) r.mounted.host.hidden = !enabled;
      }
      if (lastSync !== undefined && push.state.lastSyncAt !== lastSync)
        for (const r of rows) if (r.link.isConnected) queue(r);
      lastSync = push.state.lastSyncAt;
    }, signal);
  },
};

export default listBadges;

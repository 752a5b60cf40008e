/**
 * PR list badges: on `/o/r/pulls` and `/pulls` (Rails rows, or the preview React list once React hydrated it),
 * a small badge next to each PR that has agent sessions, with the latest state. The page watches its rows' PRs
 * (data.ts: `list`, no lookup in the background) and reads their latest states from the pushed slice with the
 * `prStates` selector; the storage mirror (the user's own sessions) paints first while the background starts.
 */
import { h } from 'preact';
import { ListBadge } from '../../../components/page/ListBadge';
import { type Mounted, mountShadow } from '../../../components/page/shadow';
import type { ListPrState } from '../../../components/page/types';
import { reactRootOf, whenHydrated } from '../../../utils/page/hydration';
import { observe, onNextFrame } from '../../../utils/page/observe';
import { css } from '../../../utils/page/selectors';
import { isPrList, type PrRef, parsePr } from '../../../utils/page/urls';
import { prDeepLink, prKey, prStates, prUrl } from '../../../utils/sessions/selectors';
import type { ViewStateValue } from '../../../utils/view-state/client';
import { listData } from '../data';
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

    const list = listData(signal);

    /** Every row's latest state, from the slice (a mirror that says signed out shows nothing). */
    const select = (value: ViewStateValue) => {
      states.clear();
      const state = value.state;
      if (!state || (value.provisional && state.auth?.status !== 'signed-in')) return;
      const byRepo = new Map<string, PrRef[]>();
      for (const r of rows) {
        const k = `${r.pr.owner}/${r.pr.repo}`.toLowerCase();
        byRepo.set(k, [...(byRepo.get(k) ?? []), r.pr]);
      }
      for (const prs of byRepo.values()) {
        const { owner, repo } = prs[0]!;
        const found = prStates(
          state.sessions,
          owner,
          repo,
          prs.map((p) => p.number),
          state.unread ?? [],
        );
        for (const [n, v] of Object.entries(found))
          states.set(keyOf({ owner, repo, number: Number(n) }), {
            state: v.state,
            sessionId: v.sessionId,
            count: v.count,
          });
      }
    };

    const render = (value: ViewStateValue) => {
      const on = value.state?.settings?.features?.listBadges !== false;
      enabled = on;
      select(value);
      for (const r of rows) paint(r);
    };
    list.subscribe(render, signal);

    const flush = () => {
      scheduled = false;
      if (pending.size === 0 || signal.aborted) return;
      pending = new Set();
      list.setRows(rows.filter((r) => r.link.isConnected).map((r) => keyOf(r.pr)));
      render(list.get());
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
  },
};

export default listBadges;

/**
 * github.com pages: PR conversation (legacy, React and an unknown layout), PR list, repository home, agent
 * session page, Agents home. Every string from scenario data goes through `escapeHtml`. A small inline script
 * simulates Turbo soft navigation, "Load more" and live timeline updates (polling /_twin/live).
 * The markup follows ../shared/reference/github-pages.md (Refined GitHub's selectors, GitHub's docs); the hashed
 * class names are made up in GitHub's style.
 */
import { createRequire } from 'node:module';
import { STATE_LABELS } from '../../utils/sessions/model';
import { iso } from './clock';
import { type Ctx, escapeHtml as e, type Reply, type Route, route } from './http';
import type { HeaderTab, ListRow } from './react/partials';
import { PARTIALS_SCRIPT_PATH, partialsScript, reactPartial } from './react/ssr';
import { pullSessions, type TimelineEntry, timelineEntries } from './shapes';
import type { Pull, Repo, Session, World } from './world';

const octicons = createRequire(import.meta.url)('@primer/octicons') as Record<
  string,
  { toSVG(opts?: { class?: string; width?: number }): string }
>;
function icon(name: string, cls = ''): string {
  return octicons[name]?.toSVG(cls ? { class: cls } : {}) ?? '';
}

/**
 * PR page variants: `hybrid` is github.com's 2026 page (a server-rendered, React-hydrated Primer header over the
 * legacy timeline, agent events in the 2026 shapes); `legacy` the 2025 page (legacy header and timeline, "View
 * session" buttons to `/pull/{n}/agent-sessions/{uuid}`, as GHE still serves); `unknown` a layout no selector knows.
 */
type Variant = 'hybrid' | 'legacy' | 'unknown';

/** github.com's origin in the links GitHub writes absolute (the 2026 agent events). */
const WEB = 'https://github.com';

const COPILOT_AVATAR = 'https://avatars.githubusercontent.com/in/1143301?v=4';

export const CSS = `
html[data-color-mode=light]{--fgColor-default:#1f2328;--fgColor-muted:#59636e;--fgColor-accent:#0969da;--fgColor-success:#1a7f37;--fgColor-attention:#9a6700;--fgColor-danger:#d1242f;--fgColor-done:#8250df;--fgColor-onEmphasis:#fff;--bgColor-default:#fff;--bgColor-muted:#f6f8fa;--bgColor-inset:#f6f8fa;--bgColor-neutral-muted:#818b981f;--bgColor-success-emphasis:#1f883d;--bgColor-done-emphasis:#8250df;--bgColor-danger-emphasis:#cf222e;--bgColor-neutral-emphasis:#59636e;--bgColor-accent-muted:#ddf4ff;--borderColor-default:#d1d9e0;--borderColor-muted:#d1d9e0b3;--button-default-bgColor-rest:#f6f8fa;color-scheme:light}
html[data-color-mode=dark]{--fgColor-default:#f0f6fc;--fgColor-muted:#9198a1;--fgColor-accent:#4493f8;--fgColor-success:#3fb950;--fgColor-attention:#d29922;--fgColor-danger:#f85149;--fgColor-done:#ab7df8;--fgColor-onEmphasis:#fff;--bgColor-default:#0d1117;--bgColor-muted:#151b23;--bgColor-inset:#010409;--bgColor-neutral-muted:#656c7633;--bgColor-success-emphasis:#238636;--bgColor-done-emphasis:#8957e5;--bgColor-danger-emphasis:#da3633;--bgColor-neutral-emphasis:#656c76;--bgColor-accent-muted:#388bfd1a;--borderColor-default:#3d444d;--borderColor-muted:#3d444db3;--button-default-bgColor-rest:#212830;color-scheme:dark}
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:var(--fgColor-default);background:var(--bgColor-default)}
a{color:var(--fgColor-accent);text-decoration:none}a:hover{text-decoration:underline}
.octicon{fill:currentColor;vertical-align:text-bottom}
.AppHeader{display:flex;gap:12px;align-items:center;padding:12px 24px;background:var(--bgColor-inset);border-bottom:1px solid var(--borderColor-default)}
.AppHeader a{color:var(--fgColor-default);font-weight:600}.AppHeader .octicon-mark-github{width:32px;height:32px}
.AppHeader-user{margin-left:auto;display:flex;align-items:center;gap:6px}
main{max-width:1280px;margin:0 auto;padding:24px}
.avatar{border-radius:50%;vertical-align:middle}
.Link--primary{color:var(--fgColor-default)!important;font-weight:600}.Link--secondary{color:var(--fgColor-muted)!important}
.color-fg-muted{color:var(--fgColor-muted)}
.gh-header-title,.PullRequestHeader-title{font-size:32px;font-weight:400;margin:0 0 8px}
.gh-header-meta,.PullRequestHeader-meta{display:flex;gap:8px;align-items:center;padding-bottom:16px;margin-bottom:16px;border-bottom:1px solid var(--borderColor-default);color:var(--fgColor-muted)}
.gh-header-meta.flex-wrap{flex-wrap:wrap;gap:0 8px;padding-bottom:8px}.gh-header-meta .flex-shrink-0{flex-shrink:0}.gh-header-meta .mb-2{margin-bottom:8px}.gh-header-meta .flex-auto{flex:1 1 auto}.gh-header-meta .min-width-0{min-width:0}
.State,[class^=prc-StateLabel-StateLabel]{display:inline-flex;align-items:center;gap:4px;padding:5px 12px;border-radius:2em;font-weight:500;color:var(--fgColor-onEmphasis);background:var(--bgColor-success-emphasis)}
.State--draft,[data-status=draft]{background:var(--bgColor-neutral-emphasis)}.State--merged,[data-status=pullMerged]{background:var(--bgColor-done-emphasis)}.State--closed,[data-status=pullClosed]{background:var(--bgColor-danger-emphasis)}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 256px;gap:24px}.sidebar{font-size:12px;color:var(--fgColor-muted)}.sidebar h3{font-size:12px;color:var(--fgColor-muted);margin:0 0 8px}
.TimelineItem,[class^=TimelineRow-module__timelineRow]{position:relative;display:flex;gap:8px;padding:12px 0 12px 8px;margin-left:16px;border-left:2px solid var(--borderColor-muted)}
.TimelineItem-badge,[class^=TimelineRow-module__timelineBadge]{flex:none;width:32px;height:32px;margin-left:-25px;display:flex;align-items:center;justify-content:center;border-radius:50%;background:var(--bgColor-muted);border:2px solid var(--bgColor-default);color:var(--fgColor-muted)}
.TimelineItem-body,[class^=TimelineRow-module__timelineBodyContent]{flex:1;min-width:0;color:var(--fgColor-muted)}
.TimelineItem-body a.author,[class^=row-module__eventActorLink]{color:var(--fgColor-default);font-weight:600}
.Label,[class^=prc-Label]{display:inline-block;padding:0 7px;font-size:12px;font-weight:500;line-height:18px;border:1px solid var(--borderColor-default);border-radius:2em;color:var(--fgColor-muted)}
.btn,[class^=prc-Button-ButtonBase]{display:inline-flex;align-items:center;gap:4px;padding:3px 12px;font-size:12px;font-weight:500;line-height:20px;color:var(--fgColor-default);background:var(--button-default-bgColor-rest);border:1px solid var(--borderColor-default);border-radius:6px;cursor:pointer}
.timeline-comment,.CommentBox{border:1px solid var(--borderColor-default);border-radius:6px;margin:4px 0;width:100%}.timeline-comment-header{padding:8px 16px;background:var(--bgColor-muted);border-bottom:1px solid var(--borderColor-default);border-radius:6px 6px 0 0}.comment-body{padding:12px 16px;color:var(--fgColor-default);white-space:pre-wrap}
.ajax-pagination-form,.load-more{text-align:center;padding:16px;border-top:1px solid var(--borderColor-default);border-bottom:1px solid var(--borderColor-default)}
.Box{border:1px solid var(--borderColor-default);border-radius:6px}.Box-header{padding:16px;background:var(--bgColor-muted);border-bottom:1px solid var(--borderColor-default)}
.Box-row{display:flex;gap:8px;padding:8px 16px;border-top:1px solid var(--borderColor-muted)}.Box-row:first-of-type{border-top:0}
.text-small{font-size:12px}.h4{font-size:16px}
.state-completed,.state-idle{color:var(--fgColor-success)}.state-failed,.state-timed_out{color:var(--fgColor-danger)}.state-in_progress,.state-queued{color:var(--fgColor-attention)}.state-waiting_for_user{color:var(--fgColor-attention)}.state-cancelled{color:var(--fgColor-muted)}
.open-icon{color:var(--fgColor-success)}.draft-icon{color:var(--fgColor-muted)}.merged-icon{color:var(--fgColor-done)}
.session-log{background:var(--bgColor-inset);border:1px solid var(--borderColor-default);border-radius:6px;padding:16px;font:12px ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;word-break:break-word;max-height:70vh;overflow:auto}
.Zq-feed{list-style:none;padding:0}.Zq-entry{padding:8px;border-bottom:1px dashed var(--borderColor-default)}
.tabnav-tabs{display:flex;gap:4px;margin:0 0 16px;border-bottom:1px solid var(--borderColor-default)}.tabnav-tab{padding:8px 16px;color:var(--fgColor-muted);border:1px solid transparent;border-bottom:0;border-radius:6px 6px 0 0;margin-bottom:-1px}.tabnav-tab.selected{color:var(--fgColor-default);background:var(--bgColor-default);border-color:var(--borderColor-default)}
.files-bucket{border:1px solid var(--borderColor-default);border-radius:6px}.file-header{padding:8px 16px;background:var(--bgColor-muted);border-bottom:1px solid var(--borderColor-default);font-family:ui-monospace,monospace}.blob-code{margin:0;padding:8px 16px;color:var(--fgColor-success)}
header[class^=prc-PageLayout-Header]{margin-bottom:16px}
[class^=prc-PageHeader-PageHeader]{display:grid;grid-template-columns:minmax(0,1fr) auto;grid-template-areas:"title actions" "desc desc" "nav nav";gap:8px}
[class^=prc-PageHeader-TitleArea]{grid-area:title}h1[class^=prc-PageHeader-Title]{font-size:32px;font-weight:400;margin:0}
[class^=prc-PageHeader-Actions]{grid-area:actions;display:flex;gap:8px;align-items:center}
[class^=prc-PageHeader-Description]{grid-area:desc;display:flex;gap:8px;align-items:center;flex-wrap:wrap;color:var(--fgColor-muted)}
[class^=prc-PageHeader-Navigation]{grid-area:nav}[class^=prc-PageHeader-Navigation] .tabnav-tabs{margin:8px 0 0}
[class^=prc-CounterLabel]{margin-left:6px;padding:0 6px;border-radius:2em;background:var(--bgColor-neutral-muted);font-size:12px}
[class^=StickyPullRequestHeader]{position:fixed;top:0;left:0;right:0;z-index:10;display:flex;gap:8px;align-items:center;padding:8px 24px;background:var(--bgColor-default);border-bottom:1px solid var(--borderColor-default);color:var(--fgColor-default)}
.commit-ref{padding:0 5px;font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--fgColor-accent);background:var(--bgColor-accent-muted);border-radius:6px}
[data-listview-component=items-list]{list-style:none;margin:0;padding:0}
[class^=PullsListItem-module__listItem]{display:flex;gap:8px;padding:8px 16px;border-top:1px solid var(--borderColor-muted)}[class^=PullsListItem-module__listItem]:first-child{border-top:0}
[class^=PullsListItem-module__title]{margin:0;font-size:16px}[class^=PullsListItem-module__title] a{color:var(--fgColor-default);font-weight:600}
[class^=PullsList-module__header]{padding:16px;background:var(--bgColor-muted);border-bottom:1px solid var(--borderColor-default)}[class^=PullsList-module__container]{border:1px solid var(--borderColor-default);border-radius:6px}
`;

/** Inline script: soft navigation (Turbo-like), Load more, live updates. Plain ES5-ish, no template literals. */
export const SCRIPT = `
(function () {
  var liveTimer = null;
  function timelineRoot() { return document.querySelector('[data-twin-timeline]'); }
  function known() {
    var ids = {};
    document.querySelectorAll('[data-twin-item]').forEach(function (el) { ids[el.getAttribute('data-twin-item')] = true; });
    var btn = document.querySelector('[data-twin-load-more]');
    if (btn) (btn.getAttribute('data-twin-hidden') || '').split(',').forEach(function (id) { if (id) ids[id] = true; });
    return ids;
  }
  function fragment(html) { var t = document.createElement('template'); t.innerHTML = html; return t.content; }
  function livePath() {
    var main = document.querySelector('main');
    var pull = main && main.getAttribute('data-twin-pull');
    if (!pull) return null;
    return '/_twin/live?pull=' + encodeURIComponent(pull) + '&variant=' + encodeURIComponent(main.getAttribute('data-twin-variant') || 'hybrid');
  }
  function poll() {
    var p = livePath(); var root = timelineRoot();
    if (!p || !root) return;
    fetch(p, { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (data) {
      var ids = known(); var end = root.querySelector('[data-twin-timeline-end]');
      (data.items || []).forEach(function (item) {
        if (ids[item.id]) return;
        root.insertBefore(fragment(item.html), end);
      });
    }).catch(function () {});
  }
  function startLive() {
    if (liveTimer) clearInterval(liveTimer);
    liveTimer = null;
    var main = document.querySelector('main');
    if (main && main.getAttribute('data-twin-live') === 'on' && livePath()) liveTimer = setInterval(poll, 1000);
  }
  document.addEventListener('click', function (event) {
    var more = event.target.closest && event.target.closest('[data-twin-load-more]');
    if (more) {
      event.preventDefault();
      var hidden = (more.getAttribute('data-twin-hidden') || '').split(',');
      fetch(livePath() + '&all=1', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (data) {
        var container = more.closest('[data-twin-load-more-container]') || more;
        (data.items || []).forEach(function (item) {
          if (hidden.indexOf(String(item.id)) >= 0) container.parentNode.insertBefore(fragment(item.html), container);
        });
        container.remove();
      });
      return;
    }
    var a = event.target.closest && event.target.closest('a[href]');
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (a.target || a.hasAttribute('download') || a.getAttribute('data-turbo') === 'false') return;
    var url = new URL(a.getAttribute('href'), location.href);
    if (url.origin !== location.origin || url.pathname.indexOf('/_twin') === 0 || url.pathname.indexOf('/apps/') === 0) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    visit(url.href, true);
  });
  function prOf(href) { var seg = new URL(href, location.href).pathname.split('/'); return seg[3] === 'pull' && /^[0-9]+$/.test(seg[4] || '') ? seg.slice(1, 5).join('/') : null; }
  function visit(href, push) {
    // A tab switch inside one PR is a React soft navigation (soft-nav:* only); other page changes are Turbo visits.
    var tabSwitch = !!prOf(href) && prOf(href) === prOf(location.href) && !!document.querySelector('react-partial[partial-name="pull-request-header"]');
    document.dispatchEvent(new CustomEvent('soft-nav:start', { detail: { mechanism: tabSwitch ? 'react' : 'turbo' } }));
    if (!tabSwitch) {
      document.dispatchEvent(new CustomEvent('turbo:visit', { detail: { url: href, action: push ? 'advance' : 'restore' } }));
      document.dispatchEvent(new CustomEvent('turbo:before-fetch-request', { detail: { url: href } }));
    }
    return fetch(href, { headers: { Accept: 'text/html', 'Turbo-Visit': 'true' } }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var next = doc.querySelector('main'); var main = document.querySelector('main');
      if (!next || !main) { location.href = href; return; }
      main.innerHTML = next.innerHTML;
      Array.prototype.slice.call(main.attributes).forEach(function (at) { main.removeAttribute(at.name); });
      Array.prototype.slice.call(next.attributes).forEach(function (at) { main.setAttribute(at.name, at.value); });
      document.title = doc.title;
      if (push) history.pushState({ turbo: true }, '', href);
      window.scrollTo(0, 0);
      startLive();
      if (!tabSwitch) {
        document.dispatchEvent(new CustomEvent('turbo:render'));
        document.dispatchEvent(new CustomEvent('turbo:load', { detail: { url: href } }));
      }
      document.dispatchEvent(new CustomEvent('soft-nav:success'));
      document.dispatchEvent(new CustomEvent('soft-nav:end'));
    });
  }
  window.addEventListener('popstate', function () { visit(location.href, false); });
  window.__twinVisit = visit;
  startLive();
})();
`;

interface PageOpts {
  title: string;
  theme: 'light' | 'dark';
  login: string | null;
  mainAttrs?: string;
  body: string;
  /** `?hydrate_delay=<ms>`: React partials hydrate that much later (a slow script chunk). */
  hydrateDelay?: number;
}

function layout(o: PageOpts): string {
  const user = o.login
    ? `<span class="AppHeader-user"><img class="avatar" width="20" height="20" alt="@${e(o.login)}" src="https://avatars.githubusercontent.com/${e(o.login)}?s=40"> ${e(o.login)}</span>`
    : '<span class="AppHeader-user"><a href="/login">Sign in</a> <a href="/signup">Sign up</a></span>';
  return `<!DOCTYPE html>
<html lang="en" data-color-mode="${o.theme}" data-light-theme="light" data-dark-theme="dark"${o.hydrateDelay ? ` data-twin-hydrate-delay="${o.hydrateDelay}"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<meta name="user-login" content="${e(o.login ?? '')}">
<meta name="twin" content="github-twin">
<title>${e(o.title)}</title>
<style>${CSS}</style>
${o.body.includes('<react-partial') ? `<script type="module" src="${PARTIALS_SCRIPT_PATH}"></script>` : ''}
</head>
<body class="${o.login ? 'logged-in' : 'logged-out'} env-production page-responsive">
<header class="AppHeader" role="banner"><a href="/" aria-label="Homepage">${icon('mark-github')}</a><a href="/copilot/agents">Agents</a><a href="/pulls">Pull requests</a>${user}</header>
<div class="application-main"><main id="js-repo-pjax-container" ${o.mainAttrs ?? ''}>${o.body}</main></div>
<script>${SCRIPT}</script>
</body>
</html>`;
}

function pageTheme(ctx: Ctx): 'light' | 'dark' {
  const q = ctx.query.get('theme');
  if (q === 'dark' || q === 'light') return q;
  return ctx.world.scenario.theme ?? 'light';
}

function pageLogin(ctx: Ctx): string | null {
  if (ctx.query.get('logged_out') === '1') return null;
  // `?as=<login>`: the page is signed in as another user (account-mismatch tests).
  const as = ctx.query.get('as');
  if (as && /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(as)) return as;
  return ctx.world.scenario.webUser ?? null;
}

function html(body: string, status = 200): Reply {
  return { status, body, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

function hydrateDelay(ctx: Ctx): number {
  const ms = Number(ctx.query.get('hydrate_delay'));
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 30_000) : 0;
}

/**
 * `?stream=<bytes>:<pauseMs>` (or the scenario's `pageStream`): the page is sent in chunks of that size with that
 * pause between them, as a network delivers a long page, so the browser parses (and the content script sees) it in
 * pieces, a pause possibly falling inside an element.
 */
function streamed(ctx: Ctx, reply: Reply): Reply {
  const q = /^(\d{1,6}):(\d{1,5})$/.exec(ctx.query.get('stream') ?? '');
  const option = q ? { chunkBytes: Number(q[1]), pauseMs: Number(q[2]) } : ctx.world.scenario.pageStream;
  return option && option.chunkBytes > 0 ? { ...reply, stream: option } : reply;
}

function findRepo(ctx: Ctx): Repo | undefined {
  return ctx.world.repos.get(`${ctx.params.owner}/${ctx.params.repo}`.toLowerCase());
}

function relTime(ms: number): string {
  const d = iso(ms);
  return `<relative-time datetime="${d}" title="${e(new Date(ms).toUTCString())}">${e(new Date(ms).toUTCString().slice(5, 22))}</relative-time>`;
}

function pullIcon(pull: Pull): string {
  if (pull.state === 'merged') return icon('git-merge', 'merged-icon');
  if (pull.draft) return icon('git-pull-request-draft', 'draft-icon');
  return icon('git-pull-request', 'open-icon');
}

function stateWord(pull: Pull): { label: string; cls: string; status: string } {
  if (pull.state === 'merged') return { label: 'Merged', cls: 'State--merged', status: 'pullMerged' };
  if (pull.state === 'closed') return { label: 'Closed', cls: 'State--closed', status: 'pullClosed' };
  if (pull.draft) return { label: 'Draft', cls: 'State--draft', status: 'draft' };
  return { label: 'Open', cls: 'State--open', status: 'pullOpened' };
}

// ------------------------------------------------------------------ timeline items

function agentActor(s: Session, variant: Variant): string {
  const isCopilot = s.agent.slug === 'copilot-swe-agent';
  const hover = isCopilot
    ? `data-hovercard-type="copilot" data-hovercard-url="/copilot/hovercard?bot=${e(s.agent.slug)}"`
    : `data-hovercard-type="bot" data-hovercard-url="/apps/${e(s.agent.slug)}/hovercard"`;
  const avatar = isCopilot ? COPILOT_AVATAR : `https://avatars.githubusercontent.com/in/${s.agent.id}?v=4`;
  const link = `<a class="author Link--primary text-bold" ${hover} href="/apps/${e(s.agent.slug)}">${e(s.agent.name)}</a>`;
  // 2026: the actor's name is bold (`<strong>Copilot</strong>`), the verb after it is the session link.
  const name = variant === 'hybrid' ? `<strong>${link}</strong>` : link;
  return `<img class="avatar" src="${avatar}" width="20" height="20" alt="@${e(s.agent.slug)}"> ${name} <span class="Label Label--secondary">AI</span>`;
}

function userLink(login: string): string {
  return `<a class="author Link--primary text-bold" data-hovercard-type="user" data-hovercard-url="/users/${e(login)}/hovercard" href="/${e(login)}">${e(login)}</a>`;
}

function copilotLink(): string {
  return `<a class="author Link--primary text-bold" data-hovercard-type="copilot" data-hovercard-url="/copilot/hovercard?bot=copilot-swe-agent" href="/apps/copilot-swe-agent">Copilot</a>`;
}

/** 2026 session links (absolute, as GitHub writes them). */
export function agentsSessionUrl(pull: Pull, sessionId: string): string {
  return `${WEB}/${pull.repo.fullName}/agents/pull/${pull.number}?session_id=${sessionId}`;
}
export function taskSessionUrl(pull: Pull, sessionId: string): string {
  return `${WEB}/copilot/tasks/pull/${pull.nodeId}?session_id=${sessionId}`;
}

/** The code-review session of a review requested from Copilot (its id derived from the event's). */
export function reviewSessionId(eventId: number): string {
  return `5e1f0000-0000-4000-8000-${String(eventId).padStart(12, '0').slice(-12)}`;
}

/** Some 2026 "started work" events carry a second "View session" link (same href); which ones is arbitrary. */
function hasSecondLink(s: Session): boolean {
  return Number.parseInt(s.id.slice(-1), 16) % 2 === 0;
}

/** A comment's text with github.com URLs turned into links, as GitHub's Markdown autolinks them. */
function linkify(text: string): string {
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/https:\/\/github\.com\/[^\s<>"')]+/g)) {
    out.push(e(text.slice(last, m.index)));
    out.push(`<a href="${e(m[0])}">${e(m[0])}</a>`);
    last = m.index + m[0].length;
  }
  out.push(e(text.slice(last)));
  return out.join('');
}

function legacyItem(id: string, anchor: string, badge: string, body: string, condensed: boolean): string {
  return `<div class="js-timeline-item js-timeline-progressive-focus-container" data-gid="TE_${e(id)}" data-twin-item="${e(id)}"><div class="TimelineItem${condensed ? ' TimelineItem--condensed' : ''}" id="${e(anchor)}"><div class="TimelineItem-badge">${badge}</div><div class="TimelineItem-body">${body}</div></div></div>`;
}

function entryHtml(entry: TimelineEntry, pull: Pull, world: World, variant: Variant): string {
  const r = pull.repo;
  const anchor = entry.kind === 'commented' ? `issuecomment-${entry.id}` : `event-${entry.id}`;
  const time = (at: number, a = anchor) => `<a href="#${a}" class="Link--secondary">${relTime(at)}</a>`;
  let badge = icon('copilot');
  let body = '';
  if (variant === 'unknown') {
    if (entry.session)
      return `<li class="Zq-entry" data-twin-item="${entry.id}"><span>Agent activity recorded</span> <time datetime="${iso(entry.at)}">${e(iso(entry.at))}</time></li>`;
    if (entry.kind === 'commented') return `<li class="Zq-entry" data-twin-item="${entry.id}">${e(entry.body)}</li>`;
    if (entry.kind === 'labeled')
      return `<li class="Zq-entry" data-twin-item="${entry.id}">label ${e(entry.label)}</li>`;
    return `<li class="Zq-entry" data-twin-item="${entry.id}">review requested</li>`;
  }
  if (entry.session) {
    const s = entry.session;
    const onBehalf = `on behalf of ${userLink(s.user.login)}`;
    const state = world.state(s, Number.POSITIVE_INFINITY);
    const why = state === 'timed_out' ? 'because the session timed out' : 'due to an error';
    if (variant === 'legacy') {
      // 2025: the verb is text, a "View session" button links to /pull/{n}/agent-sessions/{uuid}.
      const sessionUrl = `/${e(r.fullName)}/pull/${pull.number}/agent-sessions/${e(s.id)}`;
      if (entry.kind === 'started')
        body = `${agentActor(s, variant)} started work ${onBehalf} ${time(entry.at)}<div class="mt-2"><a class="btn btn-sm" href="${sessionUrl}">View session</a></div>`;
      else if (entry.kind === 'finished')
        body = `${agentActor(s, variant)} finished work ${onBehalf} ${time(entry.at)}`;
      else {
        badge = icon('x-circle');
        body = `${agentActor(s, variant)} stopped work ${onBehalf} ${why} ${time(entry.at)}`;
      }
    } else {
      // 2026: the verb is the session link; "finished" links to the task page by the PR's node id.
      const started = agentsSessionUrl(pull, s.id);
      const ended = taskSessionUrl(pull, s.id);
      const verb = (href: string, words: string) =>
        `<a title="View session" class="Link--secondary" href="${e(href)}">${words}</a>`;
      if (entry.kind === 'started')
        body = `${agentActor(s, variant)} ${verb(started, 'started work')} ${onBehalf} ${time(entry.at)}${hasSecondLink(s) ? ` <a class="Link--secondary" href="${e(started)}">View session</a>` : ''}`;
      else if (entry.kind === 'finished')
        body = `${agentActor(s, variant)} ${verb(ended, 'finished work')} ${onBehalf} ${time(entry.at)}`;
      else {
        badge = icon('x-circle');
        body = `${agentActor(s, variant)} ${verb(ended, 'stopped work')} ${onBehalf} ${why} ${time(entry.at)}`;
      }
    }
    return legacyItem(String(entry.id), anchor, badge, body, true);
  }
  if (entry.kind === 'commented') {
    badge = icon('comment');
    body = `<div class="timeline-comment js-comment-container CommentBox"><div class="timeline-comment-header">${userLink(entry.actor.login)} commented ${time(entry.at)}</div><div class="comment-body markdown-body js-comment-body">${variant === 'hybrid' ? linkify(entry.body ?? '') : e(entry.body)}</div></div>`;
    return legacyItem(String(entry.id), anchor, badge, body, false);
  }
  if (entry.kind === 'labeled') {
    badge = icon('tag');
    body = `${userLink(entry.actor.login)} added the <span class="Label">${e(entry.label)}</span> label ${time(entry.at)}`;
    return legacyItem(String(entry.id), anchor, badge, body, true);
  }
  badge = icon('eye');
  const who = entry.reviewer ?? entry.actor;
  const actor = entry.actor.login === 'Copilot' ? copilotLink() : userLink(entry.actor.login);
  if (variant === 'hybrid' && who.login === 'Copilot') {
    // A review requested from Copilot: GitHub's wording, then the code-review session's event with its link.
    const review = reviewSessionId(entry.id);
    const requested = legacyItem(
      String(entry.id),
      anchor,
      badge,
      `<strong>${copilotLink()}</strong> <span class="Label Label--secondary">AI</span> review requested due to automatic review settings ${time(entry.at)}`,
      true,
    );
    const startedAt = entry.at + 20_000;
    const reviewing = legacyItem(
      `${entry.id}-review`,
      `event-${entry.id}-review`,
      icon('copilot'),
      `<strong>${copilotLink()}</strong> <span class="Label Label--secondary">AI</span> <a title="View session" class="Link--secondary" href="${e(agentsSessionUrl(pull, review))}">started reviewing</a> on behalf of ${userLink(entry.actor.login)} ${time(startedAt, `event-${entry.id}-review`)}`,
      true,
    );
    return `${requested}\n${reviewing}`;
  }
  body = `${actor} requested a review from ${who.login === 'Copilot' ? copilotLink() : userLink(who.login)} ${time(entry.at)}`;
  return legacyItem(String(entry.id), anchor, badge, body, true);
}

function loadMore(hidden: TimelineEntry[], variant: Variant): string {
  const ids = hidden.map((h) => h.id).join(',');
  const label =
    variant === 'hybrid' ? `Load more… (${hidden.length} hidden items)` : `${hidden.length} hidden items · Load more…`;
  return `<div class="ajax-pagination-form js-ajax-pagination" data-twin-load-more-container><button type="submit" class="ajax-pagination-btn btn" data-twin-load-more data-twin-hidden="${ids}">${label}</button></div>`;
}

function parseVariant(q: string | null): Variant | null {
  return q === 'legacy' || q === 'hybrid' || q === 'unknown' ? q : null;
}

function variantOf(ctx: Ctx, pull: Pull): Variant {
  return parseVariant(ctx.query.get('timeline')) ?? pull.timeline;
}

function timelineHtml(ctx: Ctx, pull: Pull, variant: Variant): string {
  const t = ctx.clock.now();
  const entries = timelineEntries(pull, ctx.world, t);
  const size = ctx.world.scenario.timelinePageSize ?? 30;
  let shown: string;
  if (entries.length > size) {
    const head = Math.ceil(size / 2);
    const tail = size - head;
    const hidden = entries.slice(head, entries.length - tail);
    shown = [
      ...entries.slice(0, head).map((x) => entryHtml(x, pull, ctx.world, variant)),
      loadMore(hidden, variant),
      ...entries.slice(entries.length - tail).map((x) => entryHtml(x, pull, ctx.world, variant)),
    ].join('\n');
  } else shown = entries.map((x) => entryHtml(x, pull, ctx.world, variant)).join('\n');
  const end = '<span data-twin-timeline-end hidden></span>';
  if (variant === 'unknown')
    return `<section class="Zq-wrap"><ul class="Zq-feed" data-twin-timeline>${shown}${end}</ul></section>`;
  return `<div id="discussion_bucket"><div class="js-discussion js-socket-channel"><div id="partial-timeline" class="js-timeline-container" data-twin-timeline>${shown}${end}</div></div></div>`;
}

function pullTabList(pull: Pull, variant: Variant): HeaderTab[] {
  const base = `/${pull.repo.fullName}/pull/${pull.number}`;
  return [
    { id: 'conversation', label: 'Conversation', href: base },
    { id: 'commits', label: 'Commits', href: `${base}/commits` },
    { id: 'checks', label: 'Checks', href: `${base}/checks` },
    // The Files tab moved to /changes (2026); /files still answers.
    { id: 'files', label: 'Files changed', href: variant === 'hybrid' ? `${base}/changes` : `${base}/files` },
  ];
}

function pullHeader(pull: Pull, variant: Variant, tab: PullTab, ctx: Ctx): string {
  const st = stateWord(pull);
  const r = pull.repo;
  const bot = pull.author.type === 'Bot';
  if (variant === 'hybrid') {
    const commits = 1 + pullSessions(pull, ctx.world, ctx.clock.now()).length;
    return reactPartial('pull-request-header', {
      title: pull.title,
      number: pull.number,
      state: { label: st.label, status: st.status, icon: pullIcon(pull) },
      author: bot
        ? { login: 'Copilot', href: '/apps/copilot-swe-agent', bot: true }
        : { login: pull.author.login, href: `/${pull.author.login}`, bot: false },
      base: pull.base,
      head: pull.head,
      commits,
      tabs: pullTabList(pull, variant),
      current: tab,
      codeIcon: icon('code'),
    });
  }
  const author = bot
    ? `<a class="author" data-hovercard-type="copilot" data-hovercard-url="/copilot/hovercard?bot=copilot-swe-agent" href="/apps/copilot-swe-agent">Copilot</a>`
    : `<a class="author" data-hovercard-type="user" href="/${e(pull.author.login)}">${e(pull.author.login)}</a>`;
  const merge = `wants to merge into <span class="commit-ref">${e(pull.base)}</span> from <span class="commit-ref">${e(pull.head)}</span>`;
  if (variant === 'legacy') {
    const state = `<span class="State ${st.cls}" title="Status: ${st.label}" data-view-component="true">${pullIcon(pull)} ${st.label}</span>`;
    // GitHub's server-rendered header (a github.com capture, docs/fidelity.md "Legacy header meta row"): a wrapping
    // flex row, the state label in a non-shrinking wrapper, the sentence in a `flex-auto min-width-0` one. `?header=bare`
    // serves the reduced shape (label and text straight in a non-wrapping row), should an older page have it.
    const meta =
      ctx.query.get('header') === 'bare'
        ? `<div class="gh-header-meta">${state} ${author} ${merge}</div>`
        : `<div class="d-flex flex-items-center flex-wrap mt-0 gh-header-meta"><div class="flex-shrink-0 mb-2 flex-self-start flex-md-self-center">${state}</div><div class="flex-auto min-width-0 mb-2">${author} ${merge}</div></div>`;
    return `<div id="partial-discussion-header" class="gh-header js-details-container"><h1 class="gh-header-title"><bdi class="js-issue-title markdown-title">${e(pull.title)}</bdi> <span class="f1-light color-fg-muted">#${pull.number}</span></h1>${meta}</div>${pullTabs(pull, tab, variant)}`;
  }
  return `<div class="Zq-head"><h2>${e(pull.title)} (${e(r.fullName)} ${pull.number})</h2><p>${st.label}</p></div>${pullTabs(pull, tab, variant)}`;
}

type PullTab = 'conversation' | 'commits' | 'checks' | 'files';

/** The legacy tab bar (Conversation, Commits, Checks, Files changed), links followed by the page's soft navigation. */
function pullTabs(pull: Pull, current: PullTab, variant: Variant): string {
  const tab = (t: HeaderTab) =>
    `<a class="tabnav-tab${t.id === current ? ' selected' : ''}" data-turbo="true" data-tab="${t.id}" href="${e(t.href)}"${t.id === current ? ' aria-current="page"' : ''}>${t.label}</a>`;
  return `<nav class="tabnav-tabs" aria-label="Pull request tabs">${pullTabList(pull, variant).map(tab).join('')}</nav>`;
}

interface PullView {
  repo: Repo;
  pull: Pull;
  variant: Variant;
  /** Scenario time of the request. */
  t: number;
}

/**
 * A PR page: the breadcrumbs, the header, the tab bar, then the tab's own content. 404 for a PR that does not exist
 * (yet) or a private repository seen signed out.
 */
function pullTabPage(tab: PullTab, content: (v: PullView, ctx: Ctx) => string, attrs: (ctx: Ctx) => string = () => '') {
  return (ctx: Ctx): Reply => {
    const repo = findRepo(ctx);
    const t = ctx.clock.now();
    const pull = repo && ctx.world.pull(repo, Number(ctx.params.number));
    const login = pageLogin(ctx);
    if (!repo || !pull || pull.createdAt > t || (repo.private && !login)) return notFoundPage(ctx);
    const variant = variantOf(ctx, pull);
    const body = `<div class="repository-content">
<nav class="color-fg-muted" aria-label="Breadcrumbs"><a href="/${e(repo.owner.login)}" data-turbo="true">${e(repo.owner.login)}</a> / <a href="/${e(repo.fullName)}" data-turbo="true"><strong>${e(repo.name)}</strong></a> · <a href="/${e(repo.fullName)}/pulls" data-turbo="true">Pull requests</a></nav>
${pullHeader(pull, variant, tab, ctx)}
${content({ repo, pull, variant, t }, ctx)}
</div>`;
    return streamed(
      ctx,
      html(
        layout({
          title: `${pull.title} by ${pull.author.login} · Pull Request #${pull.number} · ${repo.fullName} · GitHub`,
          theme: pageTheme(ctx),
          login,
          hydrateDelay: hydrateDelay(ctx),
          mainAttrs: `data-twin-pull="${e(repo.fullName)}/${pull.number}" data-twin-variant="${variant}" data-twin-tab="${tab}"${attrs(ctx)}`,
          body,
        }),
      ),
    );
  };
}

/** The conversation: the PR's description, its timeline in the PR's variant, and a sidebar. */
const pullPage = pullTabPage(
  'conversation',
  ({ repo, pull, variant, t }, ctx) => {
    const related = ctx.world.pulls
      .filter((p) => p.repo === repo && p !== pull && p.createdAt <= t)
      .slice(0, 8)
      .map(
        (p) =>
          `<li><a class="Link--primary" data-turbo="true" data-hovercard-type="pull_request" href="/${e(repo.fullName)}/pull/${p.number}">${e(p.title)}</a> <span class="color-fg-muted">#${p.number}</span></li>`,
      )
      .join('');
    const sessions = pullSessions(pull, ctx.world, t);
    const bodyText = pull.body
      ? `<div class="timeline-comment CommentBox"><div class="timeline-comment-header">${e(pull.author.login)} commented</div><div class="comment-body markdown-body">${e(pull.body)}</div></div>`
      : '';
    return `<div class="layout"><div class="timeline-column">${bodyText}${timelineHtml(ctx, pull, variant)}</div>
<aside class="sidebar"><h3>Assignees</h3><p>${pull.assignees.map((a) => e(a.login)).join(', ') || 'No one assigned'}</p><h3>Agent sessions</h3><p>${sessions.length}</p><h3>Related pull requests</h3><ul class="related-pulls">${related}</ul></aside></div>`;
  },
  (ctx) => ` data-twin-live="${ctx.query.get('live') === '0' ? 'off' : 'on'}"`,
);

/** The other tabs: placeholder content, no timeline. */
const pullFilesPage = pullTabPage(
  'files',
  ({ pull }) =>
    `<div class="files-bucket" data-twin-tab="files"><div class="file-header"><span class="file-info">src/${e(pull.head.replace(/[^\w-]+/g, '-'))}.ts</span></div><pre class="blob-code">+ export const changed = true;</pre></div>`,
);
const pullCommitsPage = pullTabPage(
  'commits',
  ({ pull }) =>
    `<ol class="commits-list" data-twin-tab="commits"><li>${e(pull.title)} <span class="color-fg-muted">${e(pull.head)}</span></li><li>Initial plan</li></ol>`,
);
const pullChecksPage = pullTabPage(
  'checks',
  () => `<ul class="checks-list" data-twin-tab="checks"><li>Copilot coding agent</li><li>CI / test</li></ul>`,
);

/** JSON for the page script: every timeline item's HTML (live updates and Load more). */
export function livePayload(ctx: Ctx): { items: Array<{ id: string; html: string }>; now: string } {
  const raw = ctx.query.get('pull') ?? '';
  const m = /^([^/]+)\/([^/]+)\/(\d+)$/.exec(raw);
  const t = ctx.clock.now();
  const repo = m ? ctx.world.repos.get(`${m[1]}/${m[2]}`.toLowerCase()) : undefined;
  const pull = repo && m ? ctx.world.pull(repo, Number(m[3])) : undefined;
  if (!pull) return { items: [], now: iso(t) };
  const v = ctx.query.get('variant');
  const variant: Variant = parseVariant(v) ?? 'hybrid';
  return {
    now: iso(t),
    items: timelineEntries(pull, ctx.world, t).map((x) => ({
      id: String(x.id),
      html: entryHtml(x, pull, ctx.world, variant),
    })),
  };
}

/** `/o/r/pulls`: Rails rows (`.js-issue-row`) by default; `?list=preview` the opt-in React list (hydrated). */
function pullListPage(ctx: Ctx): Reply {
  const repo = findRepo(ctx);
  const login = pageLogin(ctx);
  if (!repo || (repo.private && !login)) return notFoundPage(ctx);
  const t = ctx.clock.now();
  const pulls = ctx.world.pulls.filter((p) => p.repo === repo && p.createdAt <= t).sort((a, b) => b.number - a.number);
  const openCount = pulls.filter((p) => p.state === 'open').length;
  let list: string;
  if (ctx.query.get('list') === 'preview') {
    const rows: ListRow[] = pulls.map((p) => ({
      number: p.number,
      title: p.title,
      href: `/${repo.fullName}/pull/${p.number}`,
      icon: pullIcon(p),
      meta: `#${p.number} · opened ${new Date(p.createdAt).toUTCString().slice(5, 22)} by ${p.author.login}${p.draft ? ' · Draft' : ''}`,
      draft: p.draft,
    }));
    list = reactPartial('pull-requests-list', { rows, openCount });
  } else {
    const rows = pulls
      .map(
        (
          p,
        ) => `<div id="issue_${p.number}" class="Box-row Box-row--focus-gray js-navigation-item js-issue-row" data-id="${p.id}">
${pullIcon(p)} <div><a id="issue_${p.number}_link" class="Link--primary v-align-middle no-underline h4 js-navigation-open markdown-title" data-hovercard-type="pull_request" data-hovercard-url="/${e(repo.fullName)}/pull/${p.number}/hovercard" href="/${e(repo.fullName)}/pull/${p.number}">${e(p.title)}</a>
<div class="text-small color-fg-muted"><span class="opened-by">#${p.number} opened ${relTime(p.createdAt)} by <a class="Link--muted" href="/${e(p.author.login)}">${e(p.author.login)}</a></span>${p.draft ? ' · Draft' : ''}</div></div></div>`,
      )
      .join('\n');
    list = `<div class="Box"><div class="Box-header">${openCount} Open</div><div class="js-navigation-container js-active-navigation-container" aria-label="Issues" role="group">${rows}</div></div>`;
  }
  const body = `<nav class="color-fg-muted"><a href="/${e(repo.fullName)}" data-turbo="true">${e(repo.fullName)}</a></nav><h2>Pull requests</h2>${list}`;
  return html(
    layout({
      title: `Pull requests · ${repo.fullName} · GitHub`,
      theme: pageTheme(ctx),
      login,
      body,
      hydrateDelay: hydrateDelay(ctx),
    }),
  );
}

async function partialsAsset(): Promise<Reply> {
  return {
    status: 200,
    body: await partialsScript(),
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' },
  };
}

function repoPage(ctx: Ctx): Reply {
  const repo = findRepo(ctx);
  const login = pageLogin(ctx);
  if (!repo || (repo.private && !login)) return notFoundPage(ctx);
  const t = ctx.clock.now();
  const pulls = ctx.world.pulls.filter((p) => p.repo === repo && p.createdAt <= t);
  const body = `<h1><a href="/${e(repo.owner.login)}">${e(repo.owner.login)}</a> / <strong>${e(repo.name)}</strong> <span class="Label">${repo.private ? 'Private' : 'Public'}</span></h1>
<p class="color-fg-muted">${e(repo.description ?? '')}</p>
<nav><a href="/${e(repo.fullName)}/pulls" data-turbo="true">Pull requests <span class="Counter">${pulls.filter((p) => p.state === 'open').length}</span></a></nav>
<div class="Box"><div class="Box-header">Recent pull requests</div>${pulls
    .map(
      (p) =>
        `<div class="Box-row">${pullIcon(p)} <a class="Link--primary" data-turbo="true" href="/${e(repo.fullName)}/pull/${p.number}">${e(p.title)}</a> <span class="color-fg-muted">#${p.number}</span></div>`,
    )
    .join('')}</div>`;
  return html(layout({ title: `${repo.fullName}: ${repo.description ?? ''}`, theme: pageTheme(ctx), login, body }));
}

function sessionPage(ctx: Ctx): Reply {
  const repo = findRepo(ctx);
  const login = pageLogin(ctx);
  const t = ctx.clock.now();
  const pull = repo && ctx.world.pull(repo, Number(ctx.params.number));
  const s = ctx.world.sessions.get(ctx.params.id ?? '');
  if (!repo || !pull || !s || s.task.pull !== pull || s.createdAt > t || !login) return notFoundPage(ctx);
  const state = ctx.world.state(s, t);
  const error = ctx.world.errorOf(s, t);
  const others = pullSessions(pull, ctx.world, t)
    .map(
      (x) =>
        `<li><a href="/${e(repo.fullName)}/pull/${pull.number}/agent-sessions/${e(x.id)}" data-turbo="true">${e(x.name)}</a> <span class="state-${ctx.world.state(x, t)}">${e(STATE_LABELS[ctx.world.state(x, t)])}</span></li>`,
    )
    .join('');
  const body = `<nav class="color-fg-muted"><a href="/${e(repo.fullName)}/pull/${pull.number}" data-turbo="true">${e(pull.title)} #${pull.number}</a></nav>
<h1 class="session-title">${icon('copilot')} ${e(s.name)}</h1>
<p><span class="session-state state-${state}" data-state="${state}">${e(STATE_LABELS[state])}</span> · started ${relTime(s.createdAt)} by ${e(s.user.login)} · ${e(s.agent.name)} · ${e(s.model)}</p>
${error ? `<p class="flash flash-error state-failed">${e(error)}</p>` : ''}
<div class="layout"><div><h3>Prompt</h3><div class="CommentBox"><div class="comment-body">${e(s.prompt)}</div></div><h3>Session log</h3><pre class="session-log" data-session-id="${e(s.id)}">${e(ctx.world.logText(s, t))}</pre>
<form><button class="btn" type="button" ${state === 'in_progress' || state === 'queued' ? '' : 'disabled'}>Stop session</button></form></div>
<aside class="sidebar"><h3>Sessions on this pull request</h3><ul>${others}</ul></aside></div>`;
  return html(
    layout({ title: `${s.name} · Agent session · ${repo.fullName} · GitHub`, theme: pageTheme(ctx), login, body }),
  );
}

/** 2026 session pages: `/o/r/agents/pull/n?session_id=` and `/copilot/tasks/pull/<PR node id>?session_id=`. */
function agentsSessionPage(ctx: Ctx): Reply {
  return sessionPage({ ...ctx, params: { ...ctx.params, id: ctx.query.get('session_id') ?? '' } });
}
function taskSessionPage(ctx: Ctx): Reply {
  const pull = ctx.world.pulls.find((p) => p.nodeId === ctx.params.node);
  if (!pull) return notFoundPage(ctx);
  const [owner = '', repo = ''] = pull.repo.fullName.split('/');
  return agentsSessionPage({ ...ctx, params: { owner, repo, number: String(pull.number) } });
}

function sessionsOfPullPage(ctx: Ctx): Reply {
  const repo = findRepo(ctx);
  const t = ctx.clock.now();
  const pull = repo && ctx.world.pull(repo, Number(ctx.params.number));
  const login = pageLogin(ctx);
  if (!repo || !pull || !login) return notFoundPage(ctx);
  const rows = pullSessions(pull, ctx.world, t)
    .map(
      (s) =>
        `<div class="Box-row"><a class="Link--primary" href="/${e(repo.fullName)}/pull/${pull.number}/agent-sessions/${e(s.id)}">${e(s.name)}</a> <span class="state-${ctx.world.state(s, t)}">${e(STATE_LABELS[ctx.world.state(s, t)])}</span></div>`,
    )
    .join('');
  return html(
    layout({
      title: `Agent sessions · ${pull.title} · GitHub`,
      theme: pageTheme(ctx),
      login,
      body: `<h2>Agent sessions</h2><div class="Box">${rows}</div>`,
    }),
  );
}

function agentsPage(ctx: Ctx): Reply {
  const login = pageLogin(ctx);
  const t = ctx.clock.now();
  const user = login ? ctx.world.users.get(login.toLowerCase()) : undefined;
  const sessions = ctx.world
    .visibleSessions(t)
    .filter((s) => user && (s.user === user || s.task.creator === user))
    .sort((a, b) => ctx.world.updatedAt(b, t) - ctx.world.updatedAt(a, t));
  const rows = sessions
    .map((s) => {
      const state = ctx.world.state(s, t);
      const pull = s.task.pull;
      const href = pull
        ? `/${e(s.task.repo.fullName)}/pull/${pull.number}/agent-sessions/${e(s.id)}`
        : `/${e(s.task.repo.fullName)}/tasks/${e(s.task.id)}`;
      return `<div class="Box-row" data-session-id="${e(s.id)}">${icon('copilot')} <div><a class="Link--primary" href="${href}">${e(s.name)}</a><div class="text-small color-fg-muted">${e(s.task.repo.fullName)}${pull ? ` #${pull.number}` : ''} · <span class="state-${state}">${e(STATE_LABELS[state])}</span> · ${e(s.agent.name)}</div></div></div>`;
    })
    .join('');
  return html(
    layout({
      title: 'Agents · GitHub',
      theme: pageTheme(ctx),
      login,
      body: login
        ? `<h1>Agents</h1><div class="Box"><div class="Box-header">Recent sessions</div>${rows}</div>`
        : '<h1>Sign in to see your agents</h1>',
    }),
  );
}

function homePage(ctx: Ctx): Reply {
  const login = pageLogin(ctx);
  const repos = [...ctx.world.repos.values()]
    .map(
      (r) =>
        `<div class="Box-row"><a class="Link--primary" href="/${e(r.fullName)}" data-turbo="true">${e(r.fullName)}</a></div>`,
    )
    .join('');
  return html(
    layout({
      title: 'GitHub',
      theme: pageTheme(ctx),
      login,
      body: `<h2>Repositories</h2><div class="Box">${repos}</div>`,
    }),
  );
}

function deviceLoginPage(ctx: Ctx): Reply {
  return html(
    layout({
      title: 'Device Activation · GitHub',
      theme: pageTheme(ctx),
      login: pageLogin(ctx),
      body: '<h1>Device Activation</h1><p>Enter the code displayed on your device.</p><input aria-label="User code" name="user-code">',
    }),
  );
}

function notFoundPage(ctx: Ctx): Reply {
  return html(
    layout({
      title: 'Page not found · GitHub',
      theme: pageTheme(ctx),
      login: pageLogin(ctx),
      body: '<h1>404</h1><p>This is not the web page you are looking for.</p>',
    }),
    404,
  );
}

export const webRoutes: Route[] = [
  route('GET', PARTIALS_SCRIPT_PATH, partialsAsset),
  route('GET', '/', homePage),
  route('GET', '/copilot/agents', agentsPage),
  route('GET', '/login/device', deviceLoginPage),
  route('GET', '/:owner/:repo/pull/:number/agent-sessions/:id', sessionPage),
  route('GET', '/copilot/tasks/pull/:node', taskSessionPage),
  route('GET', '/:owner/:repo/agents/pull/:number', agentsSessionPage),
  route('GET', '/:owner/:repo/pull/:number/agent-sessions', sessionsOfPullPage),
  route('GET', '/:owner/:repo/pull/:number/files', pullFilesPage),
  route('GET', '/:owner/:repo/pull/:number/changes', pullFilesPage),
  route('GET', '/:owner/:repo/pull/:number/commits', pullCommitsPage),
  route('GET', '/:owner/:repo/pull/:number/checks', pullChecksPage),
  route('GET', '/:owner/:repo/pull/:number', pullPage),
  route('GET', '/:owner/:repo/pulls', pullListPage),
  route('GET', '/:owner/:repo', repoPage),
];

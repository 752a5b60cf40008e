/**
 * The React parts of the twin's github.com pages, rendered on the server (react-dom/server, ssr.ts) and hydrated in
 * the page (client.ts), as github.com does with its Primer React partials: the 2026 pull-request header and the
 * preview pull-request list. Plain `createElement` (the project's JSX is Preact's). Class names follow Primer
 * React's generated names (`prc-<Component>-<part>-<hash>`, hashes made up): match their prefixes, never the hash.
 * Props are plain JSON (the page embeds them for hydration), icons come as SVG strings.
 */
import { createElement as h, type ReactNode, useEffect, useState } from 'react';

export interface HeaderTab {
  id: 'conversation' | 'commits' | 'checks' | 'files';
  label: string;
  href: string;
  count?: number;
}

export interface PullHeaderProps {
  title: string;
  number: number;
  state: { label: string; status: string; icon: string };
  author: { login: string; href: string; bot: boolean };
  base: string;
  head: string;
  commits: number;
  tabs: HeaderTab[];
  current: HeaderTab['id'];
  codeIcon: string;
}

function Svg({ svg, className }: { svg: string; className?: string }): ReactNode {
  return h('span', { className, 'aria-hidden': 'true', dangerouslySetInnerHTML: { __html: svg } });
}

function StateLabel({ state, size }: { state: PullHeaderProps['state']; size: 'medium' | 'small' }): ReactNode {
  return h(
    'span',
    { className: 'prc-StateLabel-StateLabel-Iawzp', 'data-status': state.status, 'data-size': size },
    h(Svg, { svg: state.icon, className: 'prc-StateLabel-Icon-0jEyR' }),
    state.label,
  );
}

/** The pull-request header: title, actions, description (state label, "wants to merge …") and the tab bar. */
export function PullHeader(p: PullHeaderProps): ReactNode {
  // The sticky copy mounts only while the page is scrolled past the header (client only, after hydration).
  const [stuck, setStuck] = useState(false);
  useEffect(() => {
    const onScroll = () => setStuck(window.scrollY > 220);
    window.addEventListener('scroll', onScroll, { passive: true });
    onScroll();
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  const author = h(
    'a',
    {
      className: 'prc-Link-Link-85e08 author',
      href: p.author.href,
      'data-hovercard-type': p.author.bot ? 'copilot' : 'user',
    },
    p.author.login,
  );
  return h(
    'header',
    { className: 'prc-PageLayout-Header-mUQ2s', 'data-sticky': 'false' },
    h(
      'div',
      { className: 'prc-PageHeader-PageHeader-sT1xw', 'data-has-border': 'true' },
      h(
        'div',
        { className: 'prc-PageHeader-TitleArea-OfFJL' },
        h(
          'h1',
          { className: 'prc-PageHeader-Title-LKOsd', 'data-hidden': 'false' },
          h('bdi', { className: 'markdown-title' }, p.title),
          ' ',
          h('span', { className: 'prc-Text-Text-0ima0 color-fg-muted' }, `#${p.number}`),
        ),
      ),
      h(
        'div',
        { className: 'prc-PageHeader-Actions-ygtmj' },
        h('button', { type: 'button', className: 'prc-Button-ButtonBase-c50BI', 'data-size': 'small' }, 'Edit'),
        h(
          'button',
          { type: 'button', className: 'prc-Button-ButtonBase-c50BI', 'data-variant': 'primary', 'data-size': 'small' },
          h(Svg, { svg: p.codeIcon }),
          'Code',
        ),
      ),
      h(
        'div',
        { className: 'prc-PageHeader-Description-kbWNd' },
        h(StateLabel, { state: p.state, size: 'medium' }),
        h(
          'span',
          { className: 'prc-Text-Text-0ima0 color-fg-muted' },
          author,
          ` wants to merge ${p.commits} commit${p.commits === 1 ? '' : 's'} into `,
          h('span', { className: 'commit-ref' }, p.base),
          ' from ',
          h('span', { className: 'commit-ref' }, p.head),
        ),
      ),
      h(
        'div',
        { className: 'prc-PageHeader-Navigation-xDIf_' },
        h(
          'nav',
          {
            className: 'prc-UnderlineNav-UnderlineNav-Z4e8b tabnav-tabs',
            'aria-label': 'Pull request navigation tabs',
          },
          ...p.tabs.map((t) =>
            h(
              'a',
              {
                key: t.id,
                className: `prc-UnderlineNav-UnderlineNavItem-syRjR tabnav-tab${t.id === p.current ? ' selected' : ''}`,
                href: t.href,
                'data-tab': t.id,
                'data-turbo': 'true',
                'aria-current': t.id === p.current ? 'page' : undefined,
              },
              t.label,
              t.count == null ? null : h('span', { className: 'prc-CounterLabel-CounterLabel-ZwXPe' }, String(t.count)),
            ),
          ),
        ),
      ),
    ),
    stuck
      ? h(
          'div',
          { className: 'StickyPullRequestHeader-module__sticky__Qw3e4', 'data-testid': undefined },
          h(StateLabel, { state: p.state, size: 'small' }),
          ' ',
          h('bdi', { className: 'markdown-title' }, p.title),
        )
      : null,
  );
}

export interface ListRow {
  number: number;
  title: string;
  href: string;
  icon: string;
  meta: string;
  draft: boolean;
}

export interface PullListProps {
  rows: ListRow[];
  openCount: number;
}

/** The preview ("new experience") pull-request list. */
export function PullList(p: PullListProps): ReactNode {
  return h(
    'div',
    { className: 'PullsList-module__container__k8H2q' },
    h('div', { className: 'PullsList-module__header__p0Q1a' }, `${p.openCount} Open`),
    h(
      'ul',
      { 'data-listview-component': 'items-list', className: 'prc-ListView-ListView-4d0ad', role: 'list' },
      ...p.rows.map((r) =>
        h(
          'li',
          {
            key: r.number,
            className: 'PullsListItem-module__listItem__S2dYl',
            'data-listview-item-id': String(r.number),
          },
          h(Svg, { svg: r.icon, className: 'PullsListItem-module__icon__n7Vb3' }),
          h(
            'div',
            { className: 'PullsListItem-module__main__fW3aq' },
            h(
              'h3',
              { className: 'PullsListItem-module__title__bM1Ls' },
              h('a', { 'data-testid': 'listitem-title-link', className: 'prc-Link-Link-85e08', href: r.href }, r.title),
            ),
            h('div', { className: 'PullsListItem-module__meta__Ry6Kd color-fg-muted text-small' }, r.meta),
          ),
        ),
      ),
    ),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: components take their own props; the registry is keyed by name.
export const PARTIALS: Record<string, (props: any) => ReactNode> = {
  'pull-request-header': PullHeader,
  'pull-requests-list': PullList,
};

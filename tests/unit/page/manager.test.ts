import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageFeature } from '../../../entrypoints/github.content/feature';
import { startFeatureManager } from '../../../entrypoints/github.content/manager';
import { isPrConversation, isPrList } from '../../../utils/page/urls';
import { frame, setUrl } from './helpers';

function tracking(id: string, include: PageFeature['include']) {
  const log: string[] = [];
  const feature: PageFeature = {
    id,
    include,
    init(signal) {
      log.push(`init ${location.pathname}`);
      const el = document.createElement('span');
      el.dataset.feature = id;
      document.body.append(el);
      signal.addEventListener('abort', () => {
        log.push(`abort ${id}`);
        el.remove();
      });
    },
  };
  return { feature, log };
}

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  document.body.replaceChildren();
});

describe('feature manager', () => {
  it('runs matching features, tears them down on soft navigation and runs the new page’s', async () => {
    setUrl('https://github.com/octo-demo/app');
    const pr = tracking('pr', [isPrConversation]);
    const list = tracking('list', [isPrList]);
    const m = startFeatureManager([pr.feature, list.feature], new AbortController().signal);
    stop = m.stop;
    expect(document.documentElement.dataset.agentSessions).toBe('ready');
    expect(m.running()).toEqual([]);

    // Turbo: arriving at a PR by an in-page link.
    history.pushState({}, '', '/octo-demo/app/pull/42');
    document.dispatchEvent(new Event('turbo:render'));
    expect(m.running()).toEqual(['pr']);
    expect(document.querySelectorAll('[data-feature="pr"]')).toHaveLength(1);

    // A fragment change is not a navigation.
    history.replaceState({}, '', '/octo-demo/app/pull/42#issuecomment-1');
    document.dispatchEvent(new Event('soft-nav:end'));
    expect(pr.log).toEqual(['init /octo-demo/app/pull/42']);

    // React soft navigation to the PR list: the PR feature's UI goes away.
    history.pushState({}, '', '/octo-demo/app/pulls');
    document.dispatchEvent(new Event('soft-nav:react-done'));
    expect(m.running()).toEqual(['list']);
    expect(document.querySelectorAll('[data-feature="pr"]')).toHaveLength(0);
    expect(pr.log).toContain('abort pr');

    // Back button.
    history.back();
    await frame(30);
    window.dispatchEvent(new PopStateEvent('popstate'));
    await frame(30);
    expect(location.pathname).toBe('/octo-demo/app/pull/42');
    expect(m.running()).toEqual(['pr']);
  });

  it('notices history changes without events (DOM mutation URL check)', async () => {
    setUrl('https://github.com/octo-demo/app/pulls');
    const pr = tracking('pr', [isPrConversation]);
    const m = startFeatureManager([pr.feature], new AbortController().signal);
    stop = m.stop;
    history.pushState({}, '', '/octo-demo/app/pull/9');
    document.body.append(document.createElement('div'));
    await frame(60);
    expect(m.running()).toEqual(['pr']);
  });

  it('keeps a failing feature away from the page and runs the others', async () => {
    setUrl('https://github.com/octo-demo/app/pull/1');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bad: PageFeature = {
      id: 'bad',
      include: [isPrConversation],
      init() {
        throw new Error('boom');
      },
    };
    const badAsync: PageFeature = {
      id: 'bad-async',
      include: [isPrConversation],
      init: async () => Promise.reject(new Error('x')),
    };
    const good = tracking('good', [isPrConversation]);
    const m = startFeatureManager([bad, badAsync, good.feature], new AbortController().signal);
    stop = m.stop;
    expect(m.running()).toEqual(['bad', 'bad-async', 'good']);
    expect(good.log).toHaveLength(1);
    await frame(10);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('stops everything when its signal aborts (script replaced)', () => {
    setUrl('https://github.com/octo-demo/app/pull/1');
    const good = tracking('good', [isPrConversation]);
    const ac = new AbortController();
    startFeatureManager([good.feature], ac.signal);
    ac.abort();
    expect(good.log).toContain('abort good');
    expect(document.documentElement.dataset.agentSessions).toBeUndefined();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { PageFeature } from '../../../entrypoints/github.content/feature';
import { startFeatureManager } from '../../../entrypoints/github.content/manager';
import { isPrConversation } from '../../../utils/page/urls';
import { setUrl } from './helpers';

afterEach(() => vi.restoreAllMocks());

describe('stale extension context', () => {
  it('goes quiet: features torn down, no errors, no further work', () => {
    setUrl('https://github.com/octo-demo/app/pull/1');
    const log: string[] = [];
    const feature: PageFeature = {
      id: 'f',
      include: [isPrConversation],
      init(signal) {
        log.push('init');
        signal.addEventListener('abort', () => log.push('abort'));
      },
    };
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    startFeatureManager([feature], new AbortController().signal);
    expect(log).toEqual(['init']);
    // After an extension update the old script's runtime.id is gone.
    vi.spyOn(browser.runtime, 'id', 'get').mockReturnValue(undefined as unknown as string);
    history.pushState({}, '', '/octo-demo/app/pull/2');
    expect(() => document.dispatchEvent(new Event('turbo:render'))).not.toThrow();
    expect(log).toEqual(['init', 'abort']);
    expect(document.documentElement.dataset.agentSessions).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});

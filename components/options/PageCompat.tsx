/**
 * The options page's page-compatibility report (utils/page/compat.ts): per kind of github.com page, which selector
 * alternative each anchor matched on how many pages, and which anchors found nothing (what broke when GitHub changed
 * its markup), with "Copy diagnostics" (counts and selectors only, nothing of the pages) and "Reset".
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  COMPAT_KEY,
  type CompatReport,
  diagnosticsText,
  missingAnchors,
  PAGE_ANCHORS,
  PAGE_KIND_LABELS,
  PAGE_KINDS,
  parseCompat,
} from '../../utils/page/compat';
import { SELECTORS } from '../../utils/page/selectors';

function aboutBrowser(): { version: string; browser: string } {
  let version = 'unknown';
  try {
    version = browser.runtime.getManifest().version;
  } catch {
    // outside an extension (tests)
  }
  return { version, browser: typeof navigator === 'undefined' ? 'unknown' : navigator.userAgent };
}

export function PageCompat() {
  const [report, setReport] = useState<CompatReport | null>(null);
  const [copied, setCopied] = useState<string>('');

  useEffect(() => {
    let live = true;
    const load = async () => {
      try {
        const got = await browser.storage.local.get(COMPAT_KEY);
        if (live) setReport(parseCompat(got[COMPAT_KEY]));
      } catch {
        if (live) setReport(null);
      }
    };
    void load();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && COMPAT_KEY in changes) void load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);

  const missing = missingAnchors(report);
  const copy = async () => {
    const text = diagnosticsText(report, aboutBrowser());
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Diagnostics copied to the clipboard.');
    } catch {
      setCopied('Could not reach the clipboard: select the text below and copy it.');
    }
  };
  const reset = async () => {
    await browser.storage.local.remove(COMPAT_KEY).catch(() => undefined);
    setReport(null);
    setCopied('');
  };
  const kinds = PAGE_KINDS.filter((k) => report?.kinds[k]);

  return (
    <section class="as-card" aria-labelledby="opt-compat" data-testid="page-compat">
      <h2 id="opt-compat">Page compatibility</h2>
      <p class="as-hint">
        Which of GitHub's page parts the extension found, on how many pages (counts only: no addresses, no page text).
        When GitHub changes its pages, copy this and send it with your report.
      </p>
      {!kinds.length && <p data-testid="compat-empty">No GitHub pull request page seen yet.</p>}
      {missing.length > 0 && (
        <div class="as-compat-missing" role="alert" data-testid="compat-missing">
          <strong>Not found on some pages:</strong>
          <ul>
            {missing.map((m) => (
              <li key={`${m.kind}-${m.anchor}`} data-anchor={m.anchor} data-kind={m.kind}>
                {PAGE_KIND_LABELS[m.kind]}: {m.anchor} missing on {m.pages} of {m.of} pages
              </li>
            ))}
          </ul>
        </div>
      )}
      {kinds.map((kind) => {
        const k = report!.kinds[kind]!;
        return (
          <table class="as-compat" key={kind} data-kind={kind}>
            <caption>
              {PAGE_KIND_LABELS[kind]} · {k.pages} pages
            </caption>
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col">Found by</th>
                <th scope="col">Pages</th>
              </tr>
            </thead>
            <tbody>
              {PAGE_ANCHORS[kind].flatMap(({ anchor }) =>
                Object.entries(k.anchors[anchor] ?? {}).map(([alt, n]) => (
                  <tr key={`${anchor}-${alt}`} data-anchor={anchor} data-alternative={alt}>
                    <td>{anchor}</td>
                    <td>
                      {alt === 'none' ? (
                        <strong>nothing</strong>
                      ) : (
                        (SELECTORS[anchor].alternatives[Number(alt)]?.note ?? `alternative ${alt}`)
                      )}
                    </td>
                    <td>{n}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        );
      })}
      <div class="as-row">
        <button type="button" class="as-btn" data-action="copy-diagnostics" onClick={() => void copy()}>
          Copy diagnostics
        </button>
        <button type="button" class="as-btn" data-action="reset-compat" onClick={() => void reset()} disabled={!report}>
          Reset
        </button>
      </div>
      <output aria-live="polite" data-testid="compat-status">
        {copied}
      </output>
      {report && (
        <details class="as-compat-text">
          <summary>Diagnostics text</summary>
          <pre data-testid="compat-text">{diagnosticsText(report, aboutBrowser())}</pre>
        </details>
      )}
    </section>
  );
}

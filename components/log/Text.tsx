import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { sanitizeDisplayText } from './deps';

/** The current search query (lower-cased, trimmed); matches in rendered text are wrapped in `<mark>`. */
export const SearchQuery = createContext('');

/** Splits text into plain strings and matches, case-insensitive. Text nodes only, never markup. */
function splitMatches(text: string, query: string): Array<{ text: string; hit: boolean }> {
  if (!query) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const parts: Array<{ text: string; hit: boolean }> = [];
  let last = 0;
  for (let i = lower.indexOf(query); i !== -1; i = lower.indexOf(query, i + query.length)) {
    if (i > last) parts.push({ text: text.slice(last, i), hit: false });
    parts.push({ text: text.slice(i, i + query.length), hit: true });
    last = i + query.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}

/** Untrusted text, displayed: bidi/invisible controls made visible, search matches highlighted. */
export function T({ text }: { text: string }) {
  const query = useContext(SearchQuery);
  const safe = sanitizeDisplayText(text);
  if (!query || !safe.toLowerCase().includes(query)) return <>{safe}</>;
  return (
    <>
      {splitMatches(safe, query).map((p, i) =>
        p.hit ? (
          <mark key={i} class="as-hit">
            {p.text}
          </mark>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

/**
 * The one sanitiser for untrusted text (titles, prompts, models, errors, logins, repository names, log lines), used
 * on every surface: the background cleans each session once when it enters the state (`cleanSession`), so the popup,
 * the drawer, the page badges, notifications and the toolbar title all show the cleaned text; the log view cleans
 * each line with `sanitizeDisplayText`. Bidi controls become visible markers (`[U+202E RLO]`) so a title cannot read
 * "…exe.png"; zero-width and other invisible controls are removed; strings are capped so a hostile 1 MB prompt
 * cannot fill `storage.local`. Pure.
 */
import type { Session } from '../sessions/model';

/** True if `text` holds a character `sanitizeDisplayText` would change. */
function needsSanitizing(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a : c >= 0x7f && c <= 0x9f) return true;
    if (c === 0x061c || c === 0x200b || c === 0x200e || c === 0x200f || c === 0x2060 || c === 0xfeff || c === 0xdb40) {
      return true;
    }
    if ((c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  }
  return false;
}

const BIDI_NAMES: Record<number, string> = {
  8234: 'LRE',
  8235: 'RLE',
  8236: 'PDF',
  8237: 'LRO',
  8238: 'RLO',
  8294: 'LRI',
  8295: 'RLI',
  8296: 'FSI',
  8297: 'PDI',
  8206: 'LRM',
  8207: 'RLM',
  1564: 'ALM',
};

/**
 * Make untrusted text safe to display as plain text: bidi embedding/override/isolate controls and marks become
 * visible markers (`[U+202E RLO]`) so a hostile log cannot reorder what the reader sees; other invisible controls
 * (C0/C1 except \n and \t, zero-width space, word joiner, BOM, Unicode tag characters) are removed; line and
 * paragraph separators become \n. Escape sequences should be handled first (`stripAnsi` / `ansiToSpans`).
 */
export function sanitizeDisplayText(text: string): string {
  if (typeof text !== 'string') return '';
  if (!needsSanitizing(text)) return text; // fast path: nothing to do
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const bidi = BIDI_NAMES[c];
    if (bidi !== undefined) {
      out.push(`[U+${c.toString(16).toUpperCase().padStart(4, '0')} ${bidi}]`);
    } else if (c === 0x2028 || c === 0x2029) out.push('\n');
    else if (c === 0x09 || c === 0x0a) out.push(text[i] ?? '');
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x200b || c === 0x2060 || c === 0xfeff) {
      // dropped
    } else if (c === 0xdb40) {
      // Tag characters U+E0000-E007F (surrogates DB40 DC00-DC7F) hide text from readers: drop them.
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdc7f) i++;
      else out.push(text[i] ?? '');
    } else out.push(text[i] ?? '');
  }
  return out.join('');
}

/** Single-line display text: sanitised, whitespace collapsed, capped at `max` characters (with "…"). */
export function cleanLine(value: string | null | undefined, max = 300): string {
  if (typeof value !== 'string' || value === '') return '';
  const text = sanitizeDisplayText(value).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Multi-line display text (prompts, errors): sanitised, capped at `max` characters (with "…"). */
function cleanBlock(value: string | null | undefined, max: number): string {
  if (typeof value !== 'string' || value === '') return '';
  const text = sanitizeDisplayText(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Caps per field of a stored session: a session is at most ~8 KB of text whatever GitHub or an agent sends. */
const SESSION_TEXT_CAPS = {
  title: 300,
  prompt: 4000,
  model: 100,
  error: 1000,
  name: 100,
  ref: 255,
  waitingFor: 280,
} as const;

const nullable = (v: string | null | undefined, max: number): string | null => (v == null ? null : cleanLine(v, max));

/**
 * The session with every untrusted string sanitised and capped. Idempotent (cleaning a clean session changes nothing),
 * so it can run wherever a session enters the state. Ids and URLs are left as they are (we build them).
 */
export function cleanSession(s: Session): Session {
  const C = SESSION_TEXT_CAPS;
  return {
    ...s,
    title: cleanLine(s.title, C.title),
    prompt: s.prompt == null ? null : cleanBlock(s.prompt, C.prompt),
    model: nullable(s.model, C.model),
    error: s.error == null ? null : cleanBlock(s.error, C.error),
    headRef: nullable(s.headRef, C.ref),
    baseRef: nullable(s.baseRef, C.ref),
    agent: { slug: cleanLine(s.agent?.slug, C.name), name: cleanLine(s.agent?.name, C.name) },
    ...(s.waitingFor
      ? {
          waitingFor: {
            text: cleanLine(s.waitingFor.text, C.waitingFor),
            url:
              typeof s.waitingFor.url === 'string' && s.waitingFor.url.startsWith('https://') ? s.waitingFor.url : null,
            at: s.waitingFor.at,
          },
        }
      : {}),
    creator: { id: s.creator?.id ?? null, login: nullable(s.creator?.login, C.name) },
    repo: s.repo
      ? {
          ...s.repo,
          owner: cleanLine(s.repo.owner, C.name),
          name: cleanLine(s.repo.name, C.name),
          fullName: cleanLine(s.repo.fullName, 2 * C.name + 1),
        }
      : null,
    pr: s.pr ? { ...s.pr, title: cleanLine(s.pr.title, C.title) } : null,
  };
}

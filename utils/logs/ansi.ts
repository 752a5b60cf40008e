/**
 * Terminal output → styled text spans, safely. SGR colours (16, 256, truecolor) become theme-aware values;
 * every other escape (cursor movement, OSC incl. OSC 8 hyperlinks and window titles, DCS/PM/APC strings, bells,
 * other C0/C1 controls except \n and \t) is dropped. Pure, linear, never throws. No DOM.
 */

export interface AnsiSpan {
  text: string;
  /**
   * Foreground: a palette role for the 16 standard colours ('ansi-red', 'ansi-bright-blue', … map them to
   * theme CSS variables such as `var(--ansi-red)`), or a CSS colour '#rrggbb' for 256-colour and truecolor codes.
   * null = default.
   */
  fg: string | null;
  bg: string | null;
  bold: boolean;
  italic: boolean;
  underline: boolean;
}

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;

/** Palette role of a 16-colour index (0-7 normal, 8-15 bright). */
function paletteRole(index: number): string {
  const name = NAMES[index % 8] ?? 'white';
  return index >= 8 ? `ansi-bright-${name}` : `ansi-${name}`;
}

const hex2 = (n: number): string =>
  Math.max(0, Math.min(255, Math.round(n)))
    .toString(16)
    .padStart(2, '0');
const rgb = (r: number, g: number, b: number): string => `#${hex2(r)}${hex2(g)}${hex2(b)}`;

/** xterm 256-colour index → palette role (0-15) or '#rrggbb'. */
export function color256(n: number): string | null {
  if (!Number.isInteger(n) || n < 0 || n > 255) return null;
  if (n < 16) return paletteRole(n);
  if (n < 232) {
    const i = n - 16;
    const level = (v: number): number => (v === 0 ? 0 : 55 + v * 40);
    return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const gray = 8 + (n - 232) * 10;
  return rgb(gray, gray, gray);
}

interface Style {
  fg: string | null;
  bg: string | null;
  bold: boolean;
  italic: boolean;
  underline: boolean;
}

const plain = (): Style => ({ fg: null, bg: null, bold: false, italic: false, underline: false });

/** Apply one SGR parameter list (`1;31`, `38;5;208`, `38:2::255:0:0`) to a style. */
function applySgr(style: Style, params: string): void {
  if (params === '') {
    Object.assign(style, plain());
    return;
  }
  // Colon sub-parameters (ITU T.416) are flattened: 38:2::r:g:b → 38;2;r;g;b (empty colour-space id dropped).
  const parts: number[] = [];
  for (const group of params.split(';')) {
    if (group.includes(':')) {
      const sub = group.split(':');
      const head = Number(sub[0]);
      if ((head === 38 || head === 48 || head === 58) && sub[1] === '2' && sub.length >= 6) {
        parts.push(head, 2, Number(sub[sub.length - 3]), Number(sub[sub.length - 2]), Number(sub[sub.length - 1]));
      } else for (const s of sub) parts.push(s === '' ? 0 : Number(s));
    } else parts.push(group === '' ? 0 : Number(group));
  }
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? 0;
    if (p === 0) Object.assign(style, plain());
    else if (p === 1) style.bold = true;
    else if (p === 3) style.italic = true;
    else if (p === 4) style.underline = true;
    else if (p === 21 || p === 22) style.bold = false;
    else if (p === 23) style.italic = false;
    else if (p === 24) style.underline = false;
    else if (p >= 30 && p <= 37) style.fg = paletteRole(p - 30);
    else if (p >= 90 && p <= 97) style.fg = paletteRole(p - 90 + 8);
    else if (p === 39) style.fg = null;
    else if (p >= 40 && p <= 47) style.bg = paletteRole(p - 40);
    else if (p >= 100 && p <= 107) style.bg = paletteRole(p - 100 + 8);
    else if (p === 49) style.bg = null;
    else if (p === 38 || p === 48 || p === 58) {
      const mode = parts[i + 1];
      let value: string | null = null;
      if (mode === 5) {
        value = color256(parts[i + 2] ?? -1);
        i += 2;
      } else if (mode === 2) {
        const [r, g, b] = [parts[i + 2], parts[i + 3], parts[i + 4]];
        if ([r, g, b].every((v) => typeof v === 'number' && Number.isFinite(v))) value = rgb(r ?? 0, g ?? 0, b ?? 0);
        i += 4;
      } else {
        i += 1;
      }
      if (p === 38) style.fg = value;
      else if (p === 48) style.bg = value;
    }
  }
}

/**
 * Scan `text`, calling `onText` for runs of printable text and `onSgr` for SGR parameter strings; drop the rest.
 * Escape sequences that never end (truncated logs) are dropped to the end of the text.
 */
function scan(text: string, onText: (s: string) => void, onSgr: ((params: string) => void) | null): void {
  const n = text.length;
  let run = 0;
  let i = 0;
  const flush = (to: number): void => {
    if (to > run) onText(text.slice(run, to));
  };
  /** Index after a string terminated by BEL, ST (ESC \) or C1 ST (0x9c); n if unterminated. */
  const skipString = (from: number, belEnds: boolean): number => {
    for (let j = from; j < n; j++) {
      const c = text.charCodeAt(j);
      if (belEnds && c === 0x07) return j + 1;
      if (c === 0x9c) return j + 1;
      if (c === 0x1b && text.charCodeAt(j + 1) === 0x5c) return j + 2;
    }
    return n;
  };
  const csi = (from: number): number => {
    // parameters 0x30-0x3f, intermediates 0x20-0x2f, final 0x40-0x7e
    let j = from;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) {
        if (c === 0x6d /* m */ && onSgr) {
          const params = text.slice(from, j);
          if (/^[0-9;:]*$/.test(params)) onSgr(params);
        }
        return j + 1;
      }
      if (c < 0x20 || c > 0x3f) return j; // malformed: drop the introducer, keep what follows
      j++;
    }
    return n;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      i++;
      continue;
    }
    if (c === 0x0a || c === 0x09) {
      i++;
      continue;
    }
    if (c > 0x9f) {
      i++;
      continue;
    }
    // A control character: C0 (< 0x20), DEL (0x7f) or C1 (0x80-0x9f).
    flush(i);
    if (c === 0x1b) {
      const d = text.charCodeAt(i + 1);
      if (d === 0x5b /* [ */) i = csi(i + 2);
      else if (d === 0x5d /* ] */) i = skipString(i + 2, true);
      else if (d === 0x50 || d === 0x58 || d === 0x5e || d === 0x5f)
        i = skipString(i + 2, false); // DCS SOS PM APC
      else if (d >= 0x20 && d <= 0x2f) {
        let j = i + 2;
        while (j < n && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
        i = Math.min(n, j + 1); // intermediates + final (e.g. ESC ( B)
      } else i = Math.min(n, i + 2); // ESC + one character (ESC c, ESC 7, …)
    } else if (c === 0x9b) i = csi(i + 1);
    else if (c === 0x9d) i = skipString(i + 1, true);
    else if (c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) i = skipString(i + 1, false);
    else i++;
    run = i;
  }
  flush(n);
}

/** Text with SGR styles as spans (adjacent runs with the same style merged). */
export function ansiToSpans(text: string): AnsiSpan[] {
  const spans: AnsiSpan[] = [];
  if (typeof text !== 'string' || text === '') return spans;
  const style = plain();
  scan(
    text,
    (s) => {
      const last = spans[spans.length - 1];
      if (
        last &&
        last.fg === style.fg &&
        last.bg === style.bg &&
        last.bold === style.bold &&
        last.italic === style.italic &&
        last.underline === style.underline
      ) {
        last.text += s;
      } else spans.push({ text: s, ...style });
    },
    (params) => applySgr(style, params),
  );
  return spans;
}

/** Text without any escape sequence or control character (except \n and \t). */
export function stripAnsi(text: string): string {
  if (typeof text !== 'string') return '';
  const out: string[] = [];
  scan(text, (s) => out.push(s), null);
  return out.join('');
}

// The one sanitiser for untrusted text lives in utils/text/sanitize.ts; the log view imports it from here too.
export { sanitizeDisplayText } from '../text/sanitize';

import type { JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import { TextCache } from './cache';
import { type AnsiSpan, ansiToSpans } from './deps';
import { T } from './Text';

function colour(v: string | null, prop: 'color' | 'background'): { cls: string; style: string | null } {
  if (v === null) return { cls: '', style: null };
  // Palette roles ('ansi-red', 'ansi-bright-blue') map to themed classes; '#rrggbb' to an inline colour.
  if (/^ansi-(bright-)?[a-z]+$/.test(v)) return { cls: ` as-${prop === 'color' ? 'fg' : 'bg'}-${v}`, style: null };
  // Only rgb()/#hex colours from our own SGR parser reach here; anything else is ignored.
  return /^(rgb\(\d{1,3}, ?\d{1,3}, ?\d{1,3}\)|#[0-9a-f]{3,8})$/i.test(v)
    ? { cls: '', style: v }
    : { cls: '', style: null };
}

const ansiSpans = new TextCache<string, AnsiSpan[]>(400);

/** Command output with ANSI colours as coloured spans (text nodes and classes only). */
export function Ansi({ text }: { text: string }) {
  const spans = useMemo(() => ansiSpans.get(text, ansiToSpans), [text]);
  return (
    <>
      {spans.map((s, i) => {
        const fg = colour(s.fg, 'color');
        const bg = colour(s.bg, 'background');
        const cls = `${fg.cls}${bg.cls}${s.bold ? ' as-ansi-b' : ''}${s.italic ? ' as-ansi-i' : ''}${s.underline ? ' as-ansi-u' : ''}`;
        if (!cls && !fg.style && !bg.style) return <T key={i} text={s.text} />;
        const style: JSX.CSSProperties = {};
        if (fg.style) style.color = fg.style;
        if (bg.style) style.background = bg.style;
        return (
          <span key={i} class={cls.trim() || undefined} style={style}>
            <T text={s.text} />
          </span>
        );
      })}
    </>
  );
}

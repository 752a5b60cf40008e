import { describe, expect, it } from 'vitest';
import { ansiToSpans, color256, sanitizeDisplayText, stripAnsi } from '../../../utils/logs/ansi';
import { bidiControls, terminalEscapes } from '../../fixtures/hostile';
import { controlChars } from './helpers';

const E = '\u001b';

describe('ansiToSpans', () => {
  it('maps the 16 colours to palette roles and keeps text', () => {
    expect(ansiToSpans(`${E}[36;1mecho hi${E}[0m done`)).toEqual([
      { text: 'echo hi', fg: 'ansi-cyan', bg: null, bold: true, italic: false, underline: false },
      { text: ' done', fg: null, bg: null, bold: false, italic: false, underline: false },
    ]);
    expect(ansiToSpans(`${E}[91;44;3;4mx`)[0]).toMatchObject({
      fg: 'ansi-bright-red',
      bg: 'ansi-blue',
      italic: true,
      underline: true,
    });
  });

  it('maps 256-colour and truecolor codes to CSS values', () => {
    expect(ansiToSpans(`${E}[38;5;208mo`)[0]?.fg).toBe('#ff8700');
    expect(ansiToSpans(`${E}[38;5;9mo`)[0]?.fg).toBe('ansi-bright-red');
    expect(ansiToSpans(`${E}[48;5;244mo`)[0]?.bg).toBe('#808080');
    expect(ansiToSpans(`${E}[38;2;10;20;30mo`)[0]?.fg).toBe('#0a141e');
    expect(ansiToSpans(`${E}[38:2::255:0:0mo`)[0]?.fg).toBe('#ff0000');
    expect(color256(16)).toBe('#000000');
    expect(color256(231)).toBe('#ffffff');
    expect(color256(300)).toBeNull();
  });

  it('drops every other escape and control from the hostile corpus, keeping the readable text', () => {
    const text = ansiToSpans(terminalEscapes)
      .map((s) => s.text)
      .join('');
    expect(text).toBe(stripAnsi(terminalEscapes));
    expect(controlChars(text)).toEqual([]);
    expect(text).not.toContain('window title');
    expect(text).not.toContain('another title');
    expect(text).not.toContain('evil.example'); // the OSC 8 target is dropped…
    expect(text).toContain('click here (OSC 8 hyperlink)'); // …its text stays
    expect(text).toContain('red bold orange truecolor');
    expect(text).toContain('bell backspace formfeed vertical-tab carriagereturn');
    expect(text).toContain(' cursor games');
    expect(text).not.toContain('APC payload');
    expect(text).toContain('C1 CSI  end'); // the C1 OSC title between the spaces is gone
  });

  it('never throws and never emits controls on truncated sequences', () => {
    for (const s of [`${E}`, `${E}[`, `${E}[38;5`, `${E}]8;;https://x`, `abc${E}P unterminated`, '\u009b', `${E}(`]) {
      const out = stripAnsi(s);
      expect(controlChars(out)).toEqual([]);
    }
    expect(stripAnsi(`abc${E}[`)).toBe('abc');
  });
});

describe('sanitizeDisplayText', () => {
  it('makes bidi controls visible and removes invisible characters', () => {
    const out = sanitizeDisplayText(bidiControls);
    expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u2060\ufeff]/);
    expect(out).toContain('invoice_[U+202E RLO]fdp.exe[U+202C PDF]');
    expect(out).toContain('[U+2066 LRI]// Check if admin[U+2069 PDI]');
    expect(out).toContain('zerowidth bom joiner tags \n');
    expect(sanitizeDisplayText('plain\ttext\n')).toBe('plain\ttext\n');
    expect(sanitizeDisplayText('a\u2028b')).toBe('a\nb');
    expect(sanitizeDisplayText('emoji 👩‍💻 stays')).toBe('emoji 👩‍💻 stays');
  });
});

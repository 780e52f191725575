import { FONT_METRICS } from './fontMetrics';

export type FontWeight = 400 | 600;

/** Width of a character the table does not know: CJK, symbols and emoji run wide. */
const wideChar = (grapheme: string) => ((grapheme.codePointAt(0) ?? 0) >= 0x2e80 ? 1.0 : 0.62);

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Text in which every code unit is a character of its own: printable Latin up to the
 * spacing modifiers, below the combining marks (U+0300) and without a CR (CR LF is one
 * character). Most labels are; they skip the segmenter, which costs about ten times more.
 */
const SIMPLE = /^[\x20-\u02ff]*$/;

/** A string cut into user-perceived characters, so an emoji or an accent is never split. */
export const graphemes = (text: string): string[] =>
  SIMPLE.test(text) ? text.split('') : Array.from(segmenter.segment(text), (s) => s.segment);

/**
 * The width of `text` set in Inter at `size` px: the font the PNG export bundles, and
 * close to the sans-serif the canvas uses, so labels wrap where the canvas wraps them.
 */
export function textWidth(text: string, size: number, weight: FontWeight): number {
  const table = FONT_METRICS[weight];
  let ems = 0;
  for (const g of graphemes(text)) ems += table[g] ?? wideChar(g);
  return ems * size;
}

/**
 * Breaks text into lines no wider than `maxWidth`: at spaces where it can, inside a word
 * where a word alone is too long (CSS `overflow-wrap: anywhere`), and at every newline.
 */
export function wrapText(text: string, maxWidth: number, size: number, weight: FontWeight): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(?<= )/)) {
      const candidate = line + word;
      if (textWidth(candidate.trimEnd(), size, weight) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line.trim() !== '') lines.push(line.trimEnd());
      line = '';
      // A word wider than the line is cut between characters.
      for (const g of graphemes(word)) {
        if (line !== '' && textWidth((line + g).trimEnd(), size, weight) > maxWidth) {
          lines.push(line.trimEnd());
          line = '';
        }
        line += g;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Cuts a single line to `maxWidth`, ending it with an ellipsis when it had to be cut. */
export function ellipsize(text: string, maxWidth: number, size: number, weight: FontWeight): string {
  if (textWidth(text, size, weight) <= maxWidth) return text;
  let out = '';
  for (const g of graphemes(text)) {
    if (textWidth(`${out}${g}…`, size, weight) > maxWidth) break;
    out += g;
  }
  return `${out.trimEnd()}…`;
}

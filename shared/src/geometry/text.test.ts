import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ellipsize, graphemes, textWidth, wrapText, type FontWeight } from './text';

/*
 * SVG-2: exports wrap text without a DOM. A wrapped line is never wider than the limit
 * unless it is one character that is wider on its own; an emoji or an accented letter is
 * never cut in two; and wrapping loses and invents no words.
 */

const SEED = 20_250_302;
const WOMAN_TECHNOLOGIST = '👩‍💻'; // three code points joined by a ZWJ: one grapheme
const ROCKET = '🚀';

const words = fc.array(
  fc.oneof(
    fc.constantFrom(
      'a',
      'Orders',
      'API',
      'DynamoDB',
      'e\u0301',
      'WWWWWWWWWWWWWWWWWWWW',
      'i',
      WOMAN_TECHNOLOGIST,
      ROCKET,
    ),
    fc
      .array(fc.constantFrom('a', 'm', 'W', 'i', '.', 'é', '中', WOMAN_TECHNOLOGIST, ROCKET, '🇩🇪'), {
        minLength: 1,
        maxLength: 40,
      })
      .map((chars) => chars.join('')),
  ),
  { minLength: 1, maxLength: 12 },
);
const weight = fc.constantFrom<FontWeight>(400, 600);

/** The text's graphemes with the spaces left out: what a wrap may only cut between. */
const inked = (text: string) => graphemes(text).filter((g) => g.trim() !== '');

function checkWrap(text: string, maxWidth: number, size: number, w: FontWeight): string[] {
  const lines = wrapText(text, maxWidth, size, w);
  for (const line of lines) {
    const width = textWidth(line, size, w);
    if (width > maxWidth) expect(graphemes(line)).toHaveLength(1);
    expect(line).toBe(line.trimEnd());
  }
  // No grapheme is cut: the lines' graphemes are exactly the text's.
  expect(lines.flatMap(inked)).toEqual(inked(text));
  return lines;
}

describe('SVG-2 wrapText', () => {
  test(`SVG-2 (seed ${SEED}) lines fit unless a single grapheme is wider; nothing is cut or lost`, () => {
    fc.assert(
      fc.property(
        words,
        fc.integer({ min: 1, max: 260 }),
        fc.constantFrom(11.5, 12, 13.5),
        weight,
        (ws, max, size, w) => {
          checkWrap(ws.join(' '), max, size, w);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  test(`SVG-2 (seed ${SEED + 1}) words that fit are never broken: the lines join back to the input`, () => {
    const shortWords = fc.array(fc.constantFrom('a', 'db', 'API', 'Orders', 'é', WOMAN_TECHNOLOGIST, ROCKET, 'p99'), {
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(shortWords, fc.integer({ min: 60, max: 300 }), weight, (ws, max, w) => {
        const text = ws.join(' ');
        const lines = checkWrap(text, max, 12, w);
        expect(lines.join(' ')).toBe(text);
        expect(lines.flatMap((l) => l.split(' '))).toEqual(ws);
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  test('SVG-2 never splits an emoji, even one per line', () => {
    const text = `${WOMAN_TECHNOLOGIST}${ROCKET}`.repeat(6);
    const lines = checkWrap(text, 1, 12, 600);
    expect(lines).toEqual(Array.from({ length: 6 }, () => [WOMAN_TECHNOLOGIST, ROCKET]).flat());
    const mixed = checkWrap(`deploy ${WOMAN_TECHNOLOGIST}${ROCKET}${WOMAN_TECHNOLOGIST} now`, 30, 12, 400);
    expect(mixed.join('')).not.toContain('\uFFFD');
    for (const line of mixed) expect(line).toBe(line.normalize());
  });

  test('SVG-2 newlines always break, blank lines are kept', () => {
    expect(wrapText('one\n\ntwo', 1000, 12, 400)).toEqual(['one', '', 'two']);
    expect(wrapText('', 100, 12, 400)).toEqual(['']);
  });

  test('SVG-2 a word wider than the line is cut between graphemes', () => {
    const long = 'W'.repeat(30);
    const lines = checkWrap(`an ${long} end`, 100, 12, 600);
    expect(lines[0]).toBe('an');
    expect(lines.slice(1, -1).join('') + lines.at(-1)!.replace(/ ?end$/, '')).toBe(long);
  });

  test('SVG-2 textWidth adds up grapheme by grapheme, and emoji count once', () => {
    expect(textWidth('ab', 12, 400)).toBeCloseTo(textWidth('a', 12, 400) + textWidth('b', 12, 400));
    expect(textWidth(WOMAN_TECHNOLOGIST, 10, 400)).toBeCloseTo(textWidth(ROCKET, 10, 400));
    expect(textWidth('', 12, 400)).toBe(0);
  });
});

describe('SVG-2 ellipsize', () => {
  test(`SVG-2 (seed ${SEED + 2}) fits, ends with an ellipsis when cut, and keeps whole graphemes`, () => {
    fc.assert(
      fc.property(words, fc.integer({ min: 20, max: 300 }), weight, (ws, max, w) => {
        const text = ws.join(' ');
        const out = ellipsize(text, max, 12.5, w);
        expect(textWidth(out, 12.5, w)).toBeLessThanOrEqual(max);
        if (out === text) return;
        expect(out.endsWith('…')).toBe(true);
        const kept = graphemes(out.slice(0, -1));
        expect(graphemes(text).slice(0, kept.length)).toEqual(kept);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });
});

describe('SVG-2 graphemes', () => {
  const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
  const bySegmenter = (text: string) => Array.from(segmenter.segment(text), (s) => s.segment);

  test('SVG-2 plain Latin text, cut without the segmenter, is cut where the segmenter cuts it', () => {
    // Every character of the range graphemes takes the short way for, beside itself and others.
    for (let code = 0x20; code <= 0x2ff; code++) {
      const c = String.fromCharCode(code);
      for (const text of [c, `a${c}a`, `${c}${c}`, `${c} é`]) expect(graphemes(text)).toEqual(bySegmenter(text));
    }
  });

  test(`SVG-2 (seed ${SEED + 3}) any mix of plain and combining text is cut as the segmenter cuts it`, () => {
    const char = fc.constantFrom('a', ' ', 'é', 'e', '\u0301', '\u02ff', '\u0300', '\r', '\n', '中', ROCKET, '\u200d');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 30 }), (chars) => {
        const text = chars.join('');
        expect(graphemes(text)).toEqual(bySegmenter(text));
      }),
      { seed: SEED + 3, numRuns: 500 },
    );
  });
});

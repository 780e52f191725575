import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { syncPair } from '../testing/network';
import { replaceText } from './text';

const SEED = 5101;

function textDoc(initial: string) {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  return { doc, text };
}

/** The deltas replaceText produces, to see that it only touches the changed middle. */
function deltaOf(initial: string, next: string) {
  const { doc, text } = textDoc(initial);
  let delta: unknown;
  text.observe((e) => (delta = e.delta));
  doc.transact(() => replaceText(text, next));
  return { delta, result: text.toString() };
}

// Strings as people type them: whole code points, astral ones (emoji) included.
const typed = fc.string({ unit: 'grapheme', maxLength: 12 });

describe('replaceText (OP-7)', () => {
  test('an insert in the middle is one insert', () => {
    expect(deltaOf('Lambda', 'Lamb-da')).toEqual({ delta: [{ retain: 4 }, { insert: '-' }], result: 'Lamb-da' });
  });

  test('a deletion at the start is one delete', () => {
    expect(deltaOf('My Lambda', 'Lambda')).toEqual({ delta: [{ delete: 3 }], result: 'Lambda' });
  });

  test('a replacement in the middle keeps the common prefix and suffix', () => {
    const { delta, result } = deltaOf('orders-db-v1', 'orders-cache-v1');
    expect(result).toBe('orders-cache-v1');
    expect(delta).toHaveLength(3);
    expect(delta).toEqual(expect.arrayContaining([{ retain: 7 }, { delete: 2 }, { insert: 'cache' }]));
  });

  test('an unchanged text is not touched', () => {
    expect(deltaOf('same', 'same')).toEqual({ delta: undefined, result: 'same' });
  });

  test('repeated characters: the diff is still minimal and exact', () => {
    expect(deltaOf('aaa', 'aaaa').result).toBe('aaaa');
    expect(deltaOf('abab', 'ab').result).toBe('ab');
  });

  test('emoji that share a UTF-16 high surrogate are replaced whole, not corrupted', () => {
    // 😀 is D83D DE00 and 😃 is D83D DE03: a code-unit diff would split the pair.
    expect(deltaOf('a😀b', 'a😃b').result).toBe('a😃b');
    expect(deltaOf('😀', '😃').result).toBe('😃');
    // 🈀 (D83C DE00) and 😀 (D83D DE00) share the low surrogate instead.
    expect(deltaOf('x🈀', 'x😀').result).toBe('x😀');
    expect(deltaOf('🇫🇷', '🇫🇮').result).toBe('🇫🇮');
  });

  test('OP-7 regression (seed 5101 counterexample): 𝐀 to 𝐁, astral letters sharing a high surrogate', () => {
    expect(deltaOf('𝐀', '𝐁').result).toBe('𝐁');
  });

  test(`OP-7 property: the text reads exactly the new string (seed ${SEED})`, () => {
    fc.assert(
      fc.property(typed, typed, (before, after) => {
        const { doc, text } = textDoc(before);
        doc.transact(() => replaceText(text, after));
        expect(text.toString()).toBe(after);
        // ...and the encoded doc (what other replicas receive) says the same.
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        expect(copy.getText('t').toString()).toBe(after);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test(`OP-7 property: concurrent edits of disjoint ends both survive (seed ${SEED})`, () => {
    // A head without '[' and a tail without ']' make "prepend" and "append" unambiguous.
    const heads = typed.map((s) => s.replace(/\[/g, '('));
    const tails = typed.map((s) => s.replace(/\]/g, ')'));
    fc.assert(
      fc.property(typed, heads, tails, (base, head, tail) => {
        const a = textDoc('').doc;
        a.getText('t').insert(0, `[${base}]`);
        const b = new Y.Doc();
        syncPair(a, b);
        a.transact(() => replaceText(a.getText('t'), `${head}[${base}]`));
        b.transact(() => replaceText(b.getText('t'), `[${base}]${tail}`));
        syncPair(a, b);
        expect(a.getText('t').toString()).toBe(`${head}[${base}]${tail}`);
        expect(b.getText('t').toString()).toBe(a.getText('t').toString());
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

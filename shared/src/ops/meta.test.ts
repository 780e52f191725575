import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { DESIGN_QUESTIONS } from '../catalog/questions';
import { readBoard } from '../read/readBoard';
import { boardMaps, META_KEYS, SCHEMA_VERSION } from '../schema/docLayout';
import { countTransactions, syncPair } from '../testing/network';
import { initBoard, setAnswer, setTitle } from './meta';

const ORIGIN = { source: 'server' };

describe('initBoard', () => {
  test('OP-1 writes schema version, title and creation time in one transaction', () => {
    const doc = new Y.Doc();
    const counted = countTransactions(doc, () => initBoard(doc, 'Photo sharing', 1_700_000_000_000, ORIGIN));
    expect(counted).toMatchObject({ transactions: 1, updates: 1, origins: [ORIGIN] });
    expect(readBoard(doc)).toMatchObject({
      title: 'Photo sharing',
      schemaVersion: SCHEMA_VERSION,
      createdAt: 1_700_000_000_000,
      problems: [],
    });
  });

  test('OP-9 a board opened again keeps its first meta and writes nothing', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'first', 1);
    const counted = countTransactions(doc, () => initBoard(doc, 'second', 2, ORIGIN));
    expect(counted.updates).toBe(0);
    expect(readBoard(doc)).toMatchObject({ title: 'first', createdAt: 1 });
  });

  test('OP-9 createdAt defaults to now', () => {
    const doc = new Y.Doc();
    const before = Date.now();
    initBoard(doc, 't');
    const createdAt = readBoard(doc).createdAt ?? 0;
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
  });

  test('OP-9 creates one empty answer text per design question, so first answers merge', () => {
    const doc = new Y.Doc();
    initBoard(doc, 't');
    const { requirements } = boardMaps(doc);
    for (const q of DESIGN_QUESTIONS) expect(requirements.get(q.id), q.id).toBeInstanceOf(Y.Text);
    expect(readBoard(doc).answers).toEqual(Object.fromEntries(DESIGN_QUESTIONS.map((q) => [q.id, ''])));
  });

  test('OP-9 keeps answers typed before the meta arrived', () => {
    const doc = new Y.Doc();
    setAnswer(doc, 'q1', 'availability');
    initBoard(doc, 't');
    expect(readBoard(doc).answers.q1).toBe('availability');
  });
});

describe('setTitle', () => {
  test('OP-1 sets the title in one transaction, cut to 200 characters', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'old');
    const counted = countTransactions(doc, () => setTitle(doc, 'x'.repeat(250), ORIGIN));
    expect(counted).toMatchObject({ transactions: 1, updates: 1, origins: [ORIGIN] });
    expect(boardMaps(doc).meta.get(META_KEYS.title)).toBe('x'.repeat(200));
  });

  test('OP-11 trims the title and refuses a blank one, keeping the current title and writing nothing', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Photo sharing');
    for (const blank of ['', ' ', '  \t\n ', '\u00a0\u3000']) {
      const counted = countTransactions(doc, () => setTitle(doc, blank, ORIGIN));
      expect(counted.result, JSON.stringify(blank)).toMatchObject({ ok: false, error: { code: 'blank-title' } });
      expect(counted, JSON.stringify(blank)).toMatchObject({ transactions: 0, updates: 0 });
      expect(readBoard(doc).title).toBe('Photo sharing');
    }
    expect(setTitle(doc, '  Feed service \n', ORIGIN)).toEqual({ ok: true, value: 'Feed service' });
    expect(boardMaps(doc).meta.get(META_KEYS.title)).toBe('Feed service');
    // the same title again (blanks aside) writes nothing
    expect(countTransactions(doc, () => setTitle(doc, 'Feed service ', ORIGIN))).toMatchObject({
      result: { ok: true, value: 'Feed service' },
      updates: 0,
    });
  });

  test('OP-11 the 200-character cut leaves neither trailing blanks nor half an emoji', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'old');
    setTitle(doc, `${'a'.repeat(199)} tail`);
    expect(boardMaps(doc).meta.get(META_KEYS.title)).toBe('a'.repeat(199));
    setTitle(doc, `${'b'.repeat(199)}😀`);
    expect(boardMaps(doc).meta.get(META_KEYS.title)).toBe('b'.repeat(199));
  });
});

describe('setAnswer', () => {
  test('OP-1 creates the answer text on first use, in one transaction', () => {
    const doc = new Y.Doc();
    const counted = countTransactions(doc, () => setAnswer(doc, 'q5', '10k writes/s', ORIGIN));
    expect(counted).toMatchObject({ transactions: 1, updates: 1, origins: [ORIGIN] });
    expect(readBoard(doc).answers).toEqual({ q5: '10k writes/s' });
  });

  test('OP-7 later answers edit the same Y.Text with a character diff', () => {
    const doc = new Y.Doc();
    setAnswer(doc, 'q5', '10k writes/s');
    const text = boardMaps(doc).requirements.get('q5');
    let delta: unknown;
    text?.observe((e) => (delta = e.delta));
    setAnswer(doc, 'q5', '10k writes/s, 100k reads/s');
    expect(boardMaps(doc).requirements.get('q5')).toBe(text);
    expect(delta).toEqual([{ retain: 12 }, { insert: ', 100k reads/s' }]);
  });

  test('OP-7 an answer stored as a plain value is replaced by a Y.Text', () => {
    const doc = new Y.Doc();
    boardMaps(doc).requirements.set('q2', 42 as unknown as Y.Text);
    setAnswer(doc, 'q2', 'consumers');
    expect(readBoard(doc).answers.q2).toBe('consumers');
  });

  test('OP-7 answers merge between replicas', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    initBoard(a, 't');
    syncPair(a, b);
    setAnswer(a, 'q8', 'user id');
    syncPair(a, b);
    expect(readBoard(b).answers.q8).toBe('user id');
  });
});

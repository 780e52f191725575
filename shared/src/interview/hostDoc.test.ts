import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, editNote, readHostNotes, recommend, removeNote, scoreArea } from './hostDoc';

describe('the host document (HOST-1)', () => {
  it('HOST-1 notes keep their time through edits, read oldest first, and values that do not parse are skipped', () => {
    const doc = new Y.Doc();
    addNote(doc, { id: 'b', at: 2000, text: 'second' });
    addNote(doc, { id: 'a', at: 1000, text: 'first' });
    doc.getArray('notes').push([{ id: 'x', text: 'no time' }, 'junk']);
    editNote(doc, 'b', 'second, edited');
    expect(readHostNotes(doc).notes).toEqual([
      { id: 'a', at: 1000, text: 'first' },
      { id: 'b', at: 2000, text: 'second, edited' },
    ]);
    removeNote(doc, 'a');
    removeNote(doc, 'missing');
    expect(readHostNotes(doc).notes.map((n) => n.id)).toEqual(['b']);
  });

  it('HOST-1 the scorecard: one rating and comment an area, one recommendation; bad values read as unset', () => {
    const doc = new Y.Doc();
    scoreArea(doc, 'design', { rating: 3, comment: 'Clear split of read and write paths' });
    scoreArea(doc, 'tradeoffs', { comment: 'not discussed yet' });
    doc.getMap('scorecard').set('estimation', { rating: 9, comment: 'out of range' });
    recommend(doc, 'Hire');
    expect(readHostNotes(doc).scorecard).toEqual({
      areas: {
        design: { rating: 3, comment: 'Clear split of read and write paths' },
        tradeoffs: { comment: 'not discussed yet' },
      },
      recommendation: 'Hire',
    });
    recommend(doc, undefined);
    expect(readHostNotes(doc).scorecard.recommendation).toBeUndefined();
    expect(() => scoreArea(doc, 'design', { rating: 5, comment: '' })).toThrow();
  });
});

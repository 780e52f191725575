import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { DESIGN_QUESTIONS } from '../catalog/questions';
import { initBoard, setAnswer } from '../ops/meta';
import { readBoard } from '../read/readBoard';
import { feedbackMarkdown, formatElapsed, noteTime, phaseAt, whereInSession, type FeedbackInput } from './feedback';
import { addNote, readHostNotes, recommend, scoreArea } from './hostDoc';
import { end, newSession, nextPhase, start, type Session } from './session';

/*
 * FB-1: the feedback export holds the phases with the time each took, the scorecard as a
 * table (area, rating word, comment) and the recommendation, the notes in time order with
 * their time and phase, the board's answers, and the diagram as an image; with nothing
 * filled in it still reads cleanly.
 */

const T0 = Date.UTC(2025, 2, 4, 14, 0, 0);
const min = 60_000;
const IMG = '<img src=x onerror=alert(1)>';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

/** Started at T0; estimation from +11 min; high-level design from +17 min; ended at +40. */
function ranSession(): Session {
  let session = start(newSession(), T0);
  session = nextPhase(session, T0 + 11 * min);
  session = nextPhase(session, T0 + 17 * min + 30_000);
  return end(session, T0 + 40 * min);
}

function filled(): FeedbackInput {
  const board = new Y.Doc();
  initBoard(board, 'URL shortener', 0);
  setAnswer(board, 'q1', 'Reads dominate: 100:1');
  const host = new Y.Doc();
  // Added out of order: the export orders them by time.
  addNote(host, { id: 'n2', at: T0 + 12 * min + 5_000, text: 'Good QPS maths\nbut forgot storage' });
  addNote(host, { id: 'n1', at: T0 + 3 * min, text: `Asked about ${IMG}` });
  addNote(host, { id: 'n0', at: T0 - 2 * min, text: 'Candidate joined late' });
  scoreArea(host, 'requirements', { rating: 4, comment: 'Clarified | scoped well' });
  scoreArea(host, 'estimation', { rating: 2, comment: 'Slow' });
  recommend(host, 'Hire');
  return {
    board: readBoard(board),
    host: readHostNotes(host),
    session: ranSession(),
    now: T0 + 45 * min,
    diagramUrl: PNG,
  };
}

function empty(): FeedbackInput {
  const board = new Y.Doc();
  initBoard(board, '', 0);
  return { board: readBoard(board), host: readHostNotes(new Y.Doc()), session: newSession(), now: T0, diagramUrl: PNG };
}

/** Text of a `## ` section, up to the next one. */
function section(md: string, heading: string): string {
  const start = md.indexOf(`## ${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const rest = md.slice(start + heading.length + 4);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

describe('FB-1 feedbackMarkdown', () => {
  test('FB-1 the title and the date', () => {
    const md = feedbackMarkdown(filled());
    expect(md.split('\n')[0]).toBe('# Interview feedback: URL shortener');
    expect(md).toContain('Date: 2025-03-04');
  });

  test('FB-1 the problem the host set, before the phases; none when unset', () => {
    const input = filled();
    const problem = 'Design a URL shortener.\nReads <dominate> 100:1.';
    const md = feedbackMarkdown({ ...input, session: { ...ranSession(), problem } });
    expect(md.indexOf('## Problem')).toBeLessThan(md.indexOf('## Phases'));
    expect(section(md, 'Problem')).toContain('Design a URL shortener.');
    expect(section(md, 'Problem')).toContain('&lt;dominate&gt;');
    expect(feedbackMarkdown(input)).not.toContain('## Problem');
  });

  test('FB-1 each phase with the time it took, from the marks', () => {
    const phases = section(feedbackMarkdown(filled()), 'Phases');
    expect(phases).toContain('| Requirements | 10 min | 11:00 |');
    expect(phases).toContain('| Estimation | 5 min | 06:30 |');
    expect(phases).toContain('| High-level design | 15 min | 22:30 |');
    expect(phases).toContain('| Deep dive | 10 min | not reached |');
    expect(phases).toContain('Total: 40:00.');
  });

  test('FB-1 a phase still running is measured to now', () => {
    const input = { ...filled(), session: nextPhase(start(newSession(), T0), T0 + 11 * min), now: T0 + 14 * min };
    const phases = section(feedbackMarkdown(input), 'Phases');
    expect(phases).toContain('| Estimation | 5 min | 03:00 (running) |');
    expect(phases).toContain('So far: 14:00.');
  });

  test('FB-1 the scorecard table with rating words and comments, and the recommendation', () => {
    const card = section(feedbackMarkdown(filled()), 'Scorecard');
    expect(card).toContain('| Area | Rating | Comment |');
    expect(card).toContain('| Requirements | Strong (4/4) | Clarified \\| scoped well |');
    expect(card).toContain('| Estimation | Mixed (2/4) | Slow |');
    expect(card).toContain('| Trade-offs | _not rated_ |  |');
    expect(card).toContain('**Recommendation:** Hire');
  });

  test('FB-1 the notes in time order, each with its time and phase', () => {
    const notes = section(feedbackMarkdown(filled()), 'Notes');
    const lines = notes.split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toEqual([
      '- **13:58** · before the start — Candidate joined late',
      `- **03:00** · Requirements — Asked about &lt;img src=x onerror=alert(1)&gt;`,
      '- **12:05** · Estimation — Good QPS maths  ',
    ]);
    expect(notes).toContain('Good QPS maths  \n  but forgot storage');
  });

  test('FB-1 the board answers under the design questions, then the diagram image', () => {
    const md = feedbackMarkdown(filled());
    const questions = section(md, 'Design questions');
    expect(questions).toContain('Reads dominate: 100:1');
    expect(questions.match(/^### /gm)).toHaveLength(DESIGN_QUESTIONS.length);
    expect(section(md, 'Final diagram')).toContain(`![Diagram: URL shortener](${PNG})`);
  });

  test('FB-1 nothing filled in still renders cleanly', () => {
    const md = feedbackMarkdown(empty());
    expect(md.split('\n')[0]).toBe('# Interview feedback: Untitled board');
    expect(section(md, 'Phases')).toContain('_The session has not started._');
    expect(section(md, 'Scorecard').match(/_not rated_/g)).toHaveLength(5);
    expect(md).toContain('**Recommendation:** _none yet_');
    expect(section(md, 'Notes')).toContain('_No notes._');
    expect(md).not.toMatch(/undefined|NaN|null/);
    expect(md).not.toMatch(/\n\n\n/);
    expect(md.endsWith(')\n')).toBe(true);
    const noSession = feedbackMarkdown({ ...empty(), session: undefined });
    expect(section(noSession, 'Phases')).toContain('_This board has no interview session._');
  });
});

describe('FB-1 note times', () => {
  const session = ranSession();
  test('FB-1 mm:ss from the start, clock time before it', () => {
    expect(noteTime(session, T0 + 75 * min + 3_000)).toBe('75:03');
    expect(noteTime(session, T0 - 5 * min)).toBe('13:55');
    expect(noteTime(session, T0 - 5 * min, 'Europe/Paris')).toBe('14:55');
    expect(noteTime(undefined, T0)).toBe('14:00');
    expect(formatElapsed(-5)).toBe('00:00');
  });

  test('FB-1 the phase at a moment: none before the start or after the end', () => {
    expect(phaseAt(session, T0 - 1)).toBeUndefined();
    expect(phaseAt(session, T0)).toBe('Requirements');
    expect(phaseAt(session, T0 + 11 * min)).toBe('Estimation');
    expect(phaseAt(session, T0 + 39 * min)).toBe('High-level design');
    expect(phaseAt(session, T0 + 40 * min)).toBeUndefined();
    expect(phaseAt(undefined, T0)).toBeUndefined();
    expect(whereInSession(session, T0 - 1)).toBe('before the start');
    expect(whereInSession(session, T0 + 11 * min)).toBe('Estimation');
    expect(whereInSession(session, T0 + 41 * min)).toBe('after the end');
    expect(whereInSession(newSession(), T0)).toBeUndefined();
  });
});

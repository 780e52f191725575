import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  DEFAULT_PHASES,
  editPhases,
  end,
  formatClock,
  newSession,
  nextPhase,
  pause,
  PROBLEM_MAX_LENGTH,
  readClock,
  readSession,
  resume,
  sessionSchema,
  setProblem,
  start,
  writeSession,
} from './session';

const MIN = 60_000;

describe('the interview session (SESSION-1)', () => {
  it('SESSION-1 runs phase by phase on server time: pauses stop the clock, Next starts the next phase at zero, the last Next ends', () => {
    let s = newSession();
    expect(readClock(s, 0)).toMatchObject({ status: 'ready', phase: 0, name: 'Requirements', leftMs: 10 * MIN });
    s = start(s, 1000);
    expect(readClock(s, 1000 + 4 * MIN).leftMs).toBe(6 * MIN);
    s = pause(s, 1000 + 4 * MIN);
    expect(readClock(s, 1000 + 60 * MIN).leftMs).toBe(6 * MIN); // paused: an hour later, the same
    s = resume(s, 1000 + 60 * MIN);
    expect(readClock(s, 1000 + 67 * MIN)).toMatchObject({ leftMs: -MIN, overrun: true });
    s = nextPhase(s, 1000 + 67 * MIN);
    expect(readClock(s, 1000 + 67 * MIN)).toMatchObject({
      phase: 1,
      name: 'Estimation',
      leftMs: 5 * MIN,
      overrun: false,
    });
    for (let i = 2; i < DEFAULT_PHASES.length; i++) s = nextPhase(s, 2e6 + i);
    expect(s.phase).toBe(DEFAULT_PHASES.length - 1);
    s = nextPhase(s, 3e6);
    expect(s.status).toBe('ended');
    expect(s.marks.map((m) => m.kind)).toEqual(['start', 'phase', 'phase', 'phase', 'phase', 'end']);
    expect(s.marks.map((m) => m.at)).toEqual([1000, 1000 + 67 * MIN, 2e6 + 2, 2e6 + 3, 2e6 + 4, 3e6]);
    expect(readClock(s, 9e9).leftMs).toBe(readClock(s, 3e6).leftMs); // ended: the clock stands
  });

  it('SESSION-1 transitions that do not apply change nothing; phases change only before the start', () => {
    const ready = newSession();
    expect(pause(ready, 5)).toBe(ready);
    expect(resume(ready, 5)).toBe(ready);
    expect(nextPhase(ready, 5)).toBe(ready);
    expect(end(ready, 5)).toBe(ready);
    const phases = [{ name: 'Design', minutes: 30 }];
    expect(editPhases(ready, phases).phases).toEqual(phases);
    const running = start(ready, 5);
    expect(start(running, 9)).toBe(running);
    expect(editPhases(running, phases)).toBe(running);
    expect(resume(running, 9)).toBe(running);
  });

  it('SESSION-2 the problem statement: trimmed, cut at its limit, taken away when empty, kept through the clock, fixed once ended', () => {
    const ready = setProblem(newSession(), '  Design a URL shortener for 100M new links a day.\n');
    expect(ready.problem).toBe('Design a URL shortener for 100M new links a day.');
    expect(sessionSchema.parse(ready)).toEqual(ready);
    expect(setProblem(ready, 'x'.repeat(PROBLEM_MAX_LENGTH + 50)).problem).toHaveLength(PROBLEM_MAX_LENGTH);
    expect(setProblem(ready, '   ')).not.toHaveProperty('problem');
    const running = setProblem(nextPhase(start(ready, 5), 9), 'Design a URL shortener; reads dominate.');
    expect(running.problem).toBe('Design a URL shortener; reads dominate.');
    expect(pause(running, 12).problem).toBe(running.problem);
    const ended = end(running, 20);
    expect(ended.problem).toBe(running.problem);
    expect(setProblem(ended, 'Something else')).toBe(ended);
    expect(sessionSchema.safeParse({ ...ready, problem: 'x'.repeat(PROBLEM_MAX_LENGTH + 1) }).success).toBe(false);
  });

  it('SESSION-1 the clock reads mm:ss, ceiling while left, floor once over', () => {
    expect(formatClock(10 * MIN)).toBe('10:00');
    expect(formatClock(59_001)).toBe('01:00');
    expect(formatClock(500)).toBe('00:01');
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(-500)).toBe('-00:00');
    expect(formatClock(-61_000)).toBe('-01:01');
  });

  it('SESSION-1 lives in the board document as one value; a bad value reads as no session', () => {
    const doc = new Y.Doc();
    expect(readSession(doc)).toBeUndefined();
    writeSession(doc, start(newSession(), 7));
    expect(readSession(doc)?.status).toBe('running');
    doc.getMap('interview').set('session', { status: 'running', phases: [] });
    expect(readSession(doc)).toBeUndefined();
    expect(() => writeSession(doc, { ...newSession(), phases: [] })).toThrow();
  });
});

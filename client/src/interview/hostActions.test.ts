import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { newSession, readSession, writeSession } from '@archboard/shared';
import { applyHostAction } from './hostActions';

function interviewDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeSession(
    doc,
    newSession([
      { name: 'Requirements', minutes: 10 },
      { name: 'Design', minutes: 20 },
    ]),
  );
  return doc;
}

describe('applyHostAction', () => {
  it('writes each step and names the phase version at each end of a phase', () => {
    const doc = interviewDoc();
    const written = (phaseVersion?: string) => ({ type: 'written', phaseVersion });
    expect(applyHostAction(doc, 'start', 1_000)).toEqual(written());
    expect(readSession(doc)).toMatchObject({ status: 'running', runningSince: 1_000 });
    expect(applyHostAction(doc, 'pause', 61_000)).toEqual(written());
    expect(readSession(doc)).toMatchObject({ status: 'paused', elapsed: 60_000 });
    expect(applyHostAction(doc, 'resume', 90_000)).toEqual(written());
    expect(applyHostAction(doc, 'next', 100_000)).toEqual(written('Requirements (end of phase 1)'));
    expect(readSession(doc)).toMatchObject({ status: 'running', phase: 1, elapsed: 0 });
    expect(applyHostAction(doc, 'end', 200_000)).toEqual(written('Design (end of phase 2)'));
    expect(readSession(doc)?.marks.map((m) => m.kind)).toEqual(['start', 'phase', 'end']);
  });

  it('changes nothing when the action does not apply', () => {
    const doc = interviewDoc();
    const before = Y.encodeStateVector(doc);
    const unchanged = { type: 'unchanged' };
    expect(applyHostAction(doc, 'pause', 1_000)).toEqual(unchanged);
    expect(applyHostAction(doc, 'next', 1_000)).toEqual(unchanged);
    expect(applyHostAction(doc, 'end', 1_000)).toEqual(unchanged);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(applyHostAction(new Y.Doc(), 'start', 1_000)).toEqual(unchanged);
  });
});

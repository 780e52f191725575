import { describe, expect, it } from 'vitest';
import { end, newSession, nextPhase, start, type SnapshotInfo } from '@archboard/shared';
import { noteJumps, phaseJumps, positionAtTime } from './jumpPoints';

const TIMES = [100, 200, 300, 300, 400, 500];

const version = (id: string, name: string, createdAt: number, step?: number): SnapshotInfo => ({
  id,
  kind: 'phase',
  name,
  createdAt,
  editors: [],
  hash: 'h',
  bytes: 1,
  ...(step !== undefined ? { step } : {}),
});

/** Started at 150, Estimation from 320, ended at 450. */
const SESSION = end(nextPhase(start(newSession(), 150), 320), 450);

describe('jump points', () => {
  it('JP-1 the position at a time counts the steps at or before it', () => {
    expect(positionAtTime(TIMES, 50)).toBe(0);
    expect(positionAtTime(TIMES, 100)).toBe(1);
    expect(positionAtTime(TIMES, 300)).toBe(4);
    expect(positionAtTime(TIMES, 350)).toBe(4);
    expect(positionAtTime(TIMES, 9_999)).toBe(6);
    expect(positionAtTime([], 1)).toBe(0);
  });

  it('JP-2 a phase boundary jumps to the position of the phase version kept there, a start by its time', () => {
    const versions = [
      version('v2', 'Estimation (end of phase 2)', 460, 6),
      version('v1', 'Requirements (end of phase 1)', 330, 5),
      version('named', 'Requirements (end of phase 1)', 330, 1),
    ];
    versions[2] = { ...versions[2]!, kind: 'named' }; // not a phase version: never a boundary
    expect(phaseJumps(SESSION, versions, TIMES)).toEqual([
      { kind: 'phase', position: 1, title: 'Requirements', key: 'mark-0' },
      { kind: 'phase', position: 5, title: 'Estimation', key: 'mark-1', versionId: 'v1' },
      { kind: 'phase', position: 6, title: 'End', key: 'mark-2', versionId: 'v2' },
    ]);
  });

  it('JP-3 without its version (or its step), a boundary jumps by the mark’s time; a step past the timeline is clamped', () => {
    const versions = [
      version('v1', 'Requirements (end of phase 1)', 330),
      version('v2', 'Estimation (end of phase 2)', 460, 99),
    ];
    expect(phaseJumps(SESSION, versions, TIMES).map((j) => [j.position, j.versionId])).toEqual([
      [1, undefined],
      [4, undefined],
      [6, 'v2'],
    ]);
  });

  it('JP-4 two versions of one name (a save sent twice): the boundary takes the one nearest it in time', () => {
    const versions = [
      version('retry', 'Requirements (end of phase 1)', 900, 6),
      version('first', 'Requirements (end of phase 1)', 325, 4),
    ];
    expect(phaseJumps(SESSION, versions, TIMES).map((j) => j.versionId)).toEqual([undefined, 'first', undefined]);
  });

  it('JP-5 notes jump to the time they were written', () => {
    const notes = [
      { id: 'a', at: 250, text: ' Asked about read/write ratio ' },
      { id: 'b', at: 9_000, text: '' },
    ];
    expect(noteJumps(notes, TIMES)).toEqual([
      { kind: 'note', position: 2, title: 'Asked about read/write ratio', key: 'note-a' },
      { kind: 'note', position: 6, title: 'Note', key: 'note-b' },
    ]);
  });
});

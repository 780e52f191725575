import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pino } from 'pino';
import type { BoardId } from '@archboard/shared';
import { SqliteStore } from './SqliteStore';
import { sweepUnopenedBoards, type SweepDeps } from './unopenedSweep';

const HOUR = 3600_000;
const NOW = Date.UTC(2025, 5, 1);
let dir: string;
let store: SqliteStore;
let announced: BoardId[];
let deps: SweepDeps;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'archboard-sweep-'));
  store = new SqliteStore(join(dir, 'test.sqlite'), { synchronous: 'normal' });
  announced = [];
  deps = { store, announceDeleted: (b) => announced.push(b), log: pino({ level: 'silent' }), maxAgeMs: 168 * HOUR };
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A board as POST /api/boards makes it: its record, then its first update. */
async function created(board: string, createdAt: number): Promise<BoardId> {
  const id = board as BoardId;
  await store.recordBoard(id, { createdAt, orgOnly: false });
  await store.append(id, Y.encodeStateAsUpdate(new Y.Doc()));
  return id;
}

describe('the sweep of unopened boards', () => {
  it('SWEEP-1 removes boards older than the maximum age that nobody opened, as deleteBoard does, and nothing else', async () => {
    const old = await created('old-unopened', NOW - 169 * HOUR);
    const opened = await created('old-opened', NOW - 500 * HOUR);
    await store.markOpened(opened);
    const young = await created('young-unopened', NOW - 167 * HOUR);
    const legacy = 'from-before-records' as BoardId; // no record: stored before boards had one
    await store.append(legacy, Y.encodeStateAsUpdate(new Y.Doc()));

    expect(await sweepUnopenedBoards(deps, NOW)).toEqual([old]);
    expect(announced).toEqual([old]);
    expect(await store.linkGeneration(old)).toBe('deleted');
    expect((await store.load(old)).updates).toEqual([]);
    for (const kept of [opened, young, legacy]) {
      expect(await store.linkGeneration(kept), kept).toBe(0);
      expect((await store.load(kept)).updates, kept).toHaveLength(1);
    }
    // again: nothing left to remove; later the young one is old enough
    expect(await sweepUnopenedBoards(deps, NOW)).toEqual([]);
    expect(await sweepUnopenedBoards(deps, NOW + 2 * HOUR)).toEqual([young]);
  });

  it('SWEEP-2 works off more boards than one batch, oldest first', async () => {
    const boards: BoardId[] = [];
    for (let i = 0; i < 250; i++) boards.push(await created(`bulk-${i}`, NOW - 200 * HOUR + i));
    expect(await sweepUnopenedBoards(deps, NOW)).toEqual(boards);
    expect(await store.unopenedBefore(NOW, 1000)).toEqual([]);
  });
});

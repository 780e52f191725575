import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addNode, initBoard } from '@archboard/shared';
import { MAX_GAP_MS } from './playback';
import { ReplayPlayer } from './ReplayPlayer';
import type { TimelineStep } from './ReplayTimeline';

/** Steps at 0 s (created) and then one Lambda per step at the given server times. */
function steps(times: number[]): TimelineStep[] {
  const doc = new Y.Doc();
  const out: TimelineStep[] = [];
  let at = 0;
  doc.on('update', (update: Uint8Array) => out.push({ at, by: { name: 'Ivan', color: '#1c7ed6' }, update }));
  initBoard(doc, 'Replay', 0);
  for (const t of times) {
    at = t;
    addNode(doc, { kind: 'aws.lambda', x: t, y: 0 });
  }
  return out;
}

/** A player on a fake clock whose frames run only when the test says. */
function fakePlayer(all: TimelineStep[]) {
  let now = 0;
  let pending: (() => void) | undefined;
  let served = all;
  const player = new ReplayPlayer({
    fetchSteps: () => Promise.resolve(served),
    now: () => now,
    frame: (callback) => {
      pending = callback;
      return () => (pending = undefined);
    },
  });
  return {
    player,
    serve: (next: TimelineStep[]) => (served = next),
    /** Moves the clock on and runs the frame that was asked for, if any. */
    advance(ms: number) {
      now += ms;
      const run = pending;
      pending = undefined;
      run?.();
    },
    get framePending() {
      return pending !== undefined;
    },
  };
}

const nodeCount = (player: ReplayPlayer) => player.getSnapshot().board?.nodes.length;

describe('ReplayPlayer', () => {
  it('PL-1 opens at the end (the board as it is now), seeks anywhere, closes back to the live board', async () => {
    const { player } = fakePlayer(steps([1_000, 2_000, 3_000]));
    expect(player.getSnapshot().status).toBe('closed');
    const opening = player.open();
    expect(player.getSnapshot().status).toBe('loading');
    await opening;
    expect(player.getSnapshot()).toMatchObject({ status: 'ready', length: 4, position: 4, playing: false });
    expect(nodeCount(player)).toBe(3);
    player.seek(2);
    expect(nodeCount(player)).toBe(1);
    player.seek(-3);
    expect(player.getSnapshot().position).toBe(0);
    player.close();
    expect(player.getSnapshot()).toMatchObject({ status: 'closed', board: undefined });
  });

  it('PL-2 plays from the start when at the end, by the playback clock, and stops at the end', async () => {
    const fake = fakePlayer(steps([1_000, 2_000, 600_000]));
    await fake.player.open();
    fake.player.play();
    expect(fake.player.getSnapshot()).toMatchObject({ playing: true, position: 0 });
    fake.advance(0);
    expect(fake.player.getSnapshot().position).toBe(1); // the board as created, at once
    fake.advance(999);
    expect(fake.player.getSnapshot().position).toBe(1);
    fake.advance(1);
    expect(fake.player.getSnapshot().position).toBe(2);
    fake.advance(1_000);
    expect(fake.player.getSnapshot().position).toBe(3);
    fake.advance(MAX_GAP_MS); // ten minutes of silence, played in two seconds
    expect(fake.player.getSnapshot()).toMatchObject({ position: 4, playing: false });
    expect(fake.framePending).toBe(false);
  });

  it('PL-3 the speed divides the gaps, changed while playing it goes on from where it is', async () => {
    const fake = fakePlayer(steps([1_000, 2_000, 3_000, 4_000]));
    await fake.player.open();
    fake.player.seek(2);
    fake.player.setSpeed(4);
    fake.player.play();
    fake.advance(250);
    expect(fake.player.getSnapshot().position).toBe(3);
    fake.player.setSpeed(16);
    fake.advance(62.5);
    expect(fake.player.getSnapshot().position).toBe(4);
    fake.player.pause();
    fake.advance(10_000);
    expect(fake.player.getSnapshot()).toMatchObject({ position: 4, playing: false, speed: 16 });
  });

  it('PL-4 a refresh appends the new steps; a player parked at the end follows the end', async () => {
    const all = steps([1_000, 2_000, 3_000]);
    const fake = fakePlayer(all.slice(0, 2));
    await fake.player.open();
    expect(fake.player.getSnapshot().position).toBe(2);
    fake.serve(all);
    await fake.player.refresh();
    expect(fake.player.getSnapshot()).toMatchObject({ length: 4, position: 4 });
    expect(nodeCount(fake.player)).toBe(3);
  });

  it('PL-5 a replay that cannot be read says why; an answer after closing is dropped', async () => {
    const failing = new ReplayPlayer({
      fetchSteps: () => Promise.reject(new Error('the replay is the interviewer’s')),
      now: () => 0,
      frame: () => () => undefined,
    });
    await failing.open();
    expect(failing.getSnapshot()).toMatchObject({ status: 'error', error: 'the replay is the interviewer’s' });

    const { player } = fakePlayer(steps([1_000]));
    const opening = player.open();
    player.close();
    await opening;
    expect(player.getSnapshot().status).toBe('closed');
  });
});

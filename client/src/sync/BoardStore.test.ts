import { afterEach, describe, expect, it, vi } from 'vitest';
import { moveNodes, type NodeId } from '@archboard/shared';
import { vpcBoard } from '../testing/vpcBoard';
import { BoardStore, REMOTE_RENDER_MS } from './BoardStore';

const OWN = Symbol('own edit');

/** A store over the VPC board whose listener records when it was told (performance.now()). */
function setup() {
  const doc = vpcBoard();
  const store = new BoardStore(doc, (origin) => origin === OWN);
  const told: number[] = [];
  store.subscribe(() => told.push(performance.now()));
  const move = (x: number, origin?: unknown) => moveNodes(doc, [{ id: 'a' as NodeId, x, y: 40 }], origin);
  const xOfA = () => store.getSnapshot().nodes.find((node) => node.id === 'a')?.x;
  return { store, told, move, xOfA };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextTask = () => wait(0);

/** Frames that start only when the test says so. */
function manualFrames() {
  const queued: (() => void)[] = [];
  vi.stubGlobal('requestAnimationFrame', (run: () => void) => queued.push(run));
  return {
    get queued() {
      return queued.length;
    },
    start: () => queued.splice(0).forEach((run) => run()),
  };
}

describe('BoardStore: when listeners hear of changes', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('STORE-1 hands a burst of changes from elsewhere on once, in a task of its own, with no frame needed', async () => {
    manualFrames(); // no frame ever starts: a render that waited for one would never happen
    const { store, told, move, xOfA } = setup();
    for (let x = 1; x <= 50; x++) move(x);
    await Promise.resolve();
    expect(told).toHaveLength(0); // not in the task that received them
    await nextTask();
    expect(told).toHaveLength(1);
    expect(xOfA()).toBe(50);
    store.destroy();
  });

  it('STORE-2 hands changes from elsewhere on at most once per frame interval', () => {
    manualFrames();
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] }); // a busy machine must not stretch the interval
    const { store, told, move, xOfA } = setup();
    move(1);
    vi.advanceTimersByTime(0);
    expect(told).toHaveLength(1);
    move(2); // just after a render: held until REMOTE_RENDER_MS after it
    vi.advanceTimersByTime(5);
    move(3);
    vi.advanceTimersByTime(REMOTE_RENDER_MS - 6);
    expect(told).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(told).toHaveLength(2);
    expect(told[1]! - told[0]!).toBe(REMOTE_RENDER_MS);
    expect(xOfA()).toBe(3);
    store.destroy();
  });

  it("STORE-3 tells this tab's own edits at once (in the same task), even just after a change from elsewhere", async () => {
    manualFrames();
    const { store, told, move, xOfA } = setup();
    move(1);
    await nextTask();
    move(7, OWN);
    await Promise.resolve();
    expect(told).toHaveLength(2);
    expect(xOfA()).toBe(7);
    store.destroy();
  });

  it('STORE-4 in a hidden tab, waits for its next frame (none come while it is hidden)', async () => {
    const frames = manualFrames();
    vi.stubGlobal('document', { hidden: true });
    const { store, told, move, xOfA } = setup();
    move(1);
    move(2);
    await wait(REMOTE_RENDER_MS * 2);
    expect(told).toHaveLength(0);
    expect(frames.queued).toBe(1);
    frames.start();
    expect(told).toHaveLength(1);
    expect(xOfA()).toBe(2);
    store.destroy();
  });
});

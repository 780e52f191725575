import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addNode, initBoard, moveNodes, readBoard, removeNodes, renameNode, type NodeId } from '@archboard/shared';
import { CHECKPOINT_EVERY, ReplayTimeline, type Author, type TimelineStep } from './ReplayTimeline';

const IVAN: Author = { name: 'Ivan', color: '#1c7ed6' };
const CARA: Author = { name: 'Cara', color: '#2f9e44' };

/**
 * A scripted session as the server archives it: one server doc, every change made on it
 * recorded as one step with its author, and the truth to compare with after each step.
 */
function session() {
  const server = new Y.Doc();
  const steps: TimelineStep[] = [];
  const truth: ReturnType<typeof readBoard>[] = [];
  let by: Author | null = null;
  server.on('update', (update: Uint8Array) => {
    steps.push({ at: 1_000 * (steps.length + 1), by, update });
    truth.push(readBoard(server));
  });
  const as = (who: Author | null, change: () => void) => {
    by = who;
    change();
  };
  as(null, () => initBoard(server, 'Design a URL shortener', 1));
  return { server, steps, truth, as };
}

const add = (doc: Y.Doc, kind: string, x: number) => {
  const result = addNode(doc, { kind, x, y: 0 });
  if (!result.ok) throw new Error(`addNode: ${result.error.code}`);
  return result.value;
};

describe('ReplayTimeline', () => {
  it('RP-1 the board at position k is the board after the first k steps, forwards, backwards and anywhere', () => {
    const s = session();
    const ids: NodeId[] = [];
    s.as(IVAN, () => ids.push(add(s.server, 'aws.lambda', 0)));
    s.as(CARA, () => ids.push(add(s.server, 'aws.sqs', 200)));
    s.as(CARA, () => renameNode(s.server, ids[1]!, 'Jobs'));
    s.as(IVAN, () => removeNodes(s.server, [ids[0]!]));
    s.as(IVAN, () => ids.push(add(s.server, 'aws.s3', 400)));
    const timeline = new ReplayTimeline(s.steps);
    expect(timeline.length).toBe(s.steps.length);

    expect(timeline.boardAt(0).nodes).toEqual([]);
    for (const order of [
      [1, 2, 3, 4, 5, 6],
      [6, 3, 1, 5, 2, 4],
    ])
      for (const k of order) {
        const board = timeline.boardAt(k);
        expect(board.nodes, `position ${k}`).toEqual(s.truth[k - 1]!.nodes);
        expect(board.title).toBe('Design a URL shortener');
      }
    expect(timeline.boardAt(99).nodes).toEqual(s.truth.at(-1)!.nodes); // clamped
    expect(timeline.boardAt(6)).toBe(timeline.boardAt(6)); // one object for one position
  });

  it('RP-2 each node is marked with who first added it, even once it was deleted or renamed by someone else', () => {
    const s = session();
    let lambda!: NodeId;
    let queue!: NodeId;
    s.as(IVAN, () => (lambda = add(s.server, 'aws.lambda', 0)));
    s.as(CARA, () => (queue = add(s.server, 'aws.sqs', 200)));
    s.as(IVAN, () => renameNode(s.server, queue, 'Renamed by Ivan'));
    s.as(CARA, () => removeNodes(s.server, [lambda]));
    const timeline = new ReplayTimeline(s.steps);
    expect(timeline.creatorOf(lambda)).toEqual(IVAN);
    expect(timeline.creatorOf(queue)).toEqual(CARA);
    expect(timeline.creatorOf('n_unknown')).toBeUndefined();
    expect(timeline.authors()).toEqual([IVAN, CARA]);
  });

  it('RP-6 who last added or changed a node, at any position', () => {
    const s = session();
    let queue!: NodeId;
    s.as(CARA, () => (queue = add(s.server, 'aws.sqs', 0))); // step 1
    s.as(IVAN, () => renameNode(s.server, queue, 'Jobs')); // step 2
    s.as(null, () => renameNode(s.server, queue, 'Jobs!')); // step 3: unknown author, not counted
    s.as(CARA, () => moveNodes(s.server, [{ id: queue, x: 10, y: 10 }])); // step 4
    const timeline = new ReplayTimeline(s.steps);
    expect(timeline.lastChangeOf(queue, 1)).toBeUndefined();
    expect(timeline.lastChangeOf(queue, 2)).toEqual(CARA);
    expect(timeline.lastChangeOf(queue, 3)).toEqual(IVAN);
    expect(timeline.lastChangeOf(queue, 4)).toEqual(IVAN);
    expect(timeline.lastChangeOf(queue, 5)).toEqual(CARA);
    expect(timeline.lastChangeOf('n_unknown', 5)).toBeUndefined();
  });

  it('RP-3 a node made in a step without a known author has none; the steps added later are scanned too', () => {
    const s = session();
    let early!: NodeId;
    s.as(null, () => (early = add(s.server, 'aws.lambda', 0)));
    const timeline = new ReplayTimeline(s.steps.slice(0, 2));
    expect(timeline.creatorOf(early)).toBeUndefined();

    let late!: NodeId;
    s.as(CARA, () => (late = add(s.server, 'aws.sqs', 0)));
    timeline.append(s.steps.slice(timeline.length));
    expect(timeline.length).toBe(s.steps.length);
    expect(timeline.creatorOf(early)).toBeUndefined();
    expect(timeline.creatorOf(late)).toEqual(CARA);
    expect(timeline.boardAt(timeline.length).nodes.map((n) => n.id)).toEqual(expect.arrayContaining([early, late]));
    expect(timeline.boardAt(2).nodes.map((n) => n.id)).toEqual([early]);
  });

  it('RP-4 a long timeline is read through its checkpoints, and a step that does not decode is skipped', () => {
    const s = session();
    const ids: NodeId[] = [];
    for (let i = 0; i < CHECKPOINT_EVERY * 2 + 5; i++)
      s.as(i % 2 ? IVAN : CARA, () => ids.push(add(s.server, 'aws.lambda', i * 10)));
    const steps = [...s.steps];
    steps.splice(3, 0, { at: 3_500, by: IVAN, update: new Uint8Array([255, 255, 255]) });
    const truth = [...s.truth];
    truth.splice(3, 0, truth[2]!);
    const warn = console.warn;
    console.warn = () => undefined;
    const timeline = new ReplayTimeline(steps);
    console.warn = warn;
    for (const k of [steps.length, 3, 4, CHECKPOINT_EVERY * 2 + 1, CHECKPOINT_EVERY - 1, CHECKPOINT_EVERY, 1])
      expect(timeline.boardAt(k).nodes.length, `position ${k}`).toBe(truth[k - 1]!.nodes.length);
    expect(timeline.creatorOf(ids[1]!)).toEqual(IVAN);
  });

  it('RP-5 times and the time at a position', () => {
    const s = session();
    s.as(IVAN, () => add(s.server, 'aws.lambda', 0));
    const timeline = new ReplayTimeline(s.steps);
    expect(timeline.times).toEqual([1_000, 2_000]);
    expect(timeline.timeAt(0)).toBe(1_000);
    expect(timeline.timeAt(2)).toBe(2_000);
    expect(new ReplayTimeline().timeAt(0)).toBeUndefined();
  });
});

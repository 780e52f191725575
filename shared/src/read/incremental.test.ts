import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { connect, removeEdges, renameEdge, setEdgeStyle, setEdgeTwoWay } from '../ops/edges';
import { initBoard, setAnswer, setTitle } from '../ops/meta';
import { addNode, moveNodes, removeNodes, renameNode, reparentNode, resizeNode, setNodeNotes } from '../ops/nodes';
import { boardMaps, NODE_KEYS } from '../schema/docLayout';
import { EDGE_STYLES } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import { seededRandom } from '../testing/random';
import { IncrementalBoardReader, readBoard, type Board } from './readBoard';

/*
 * READ-5: the incremental reader a board on screen uses gives exactly what `readBoard`
 * gives, after every kind of change, local or arriving from another replica, valid or
 * junk; and records that did not change keep their objects.
 */

const normal = (board: Board) => ({ ...board, problems: [...board.problems].map((p) => JSON.stringify(p)).sort() });

const KINDS = ['group.vpc', 'group.az', 'aws.lambda', 'aws.s3', 'generic.service', 'note'];

/**
 * Two replicas of one board (a change made on either reaches the other with `exchange`), a
 * reader noting every change of `doc`, and a seeded random source.
 */
function replicas(seed: number) {
  const rand = seededRandom(seed);
  const pickOf = <T>(list: readonly T[]): T | undefined => list[Math.floor(rand() * list.length)];
  const doc = new Y.Doc();
  const remote = new Y.Doc();
  initBoard(remote, 'Remote');
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote));
  const reader = new IncrementalBoardReader(doc);
  Object.values(boardMaps(doc)).forEach((root) =>
    root.observeDeep((events: Y.YEvent<Y.AbstractType<unknown>>[]) => reader.note(events)),
  );
  /** Brings the other replica up to date with a change made on `target`. */
  const exchange = (target: Y.Doc) => {
    if (target === remote) Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    else Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)));
  };
  return { rand, pickOf, doc, remote, reader, exchange };
}

describe('incremental reading (READ-5)', () => {
  test('READ-5 seed 7: 400 random local, remote and junk changes; equal to readBoard after each', () => {
    const { rand, pickOf, doc, remote, reader, exchange } = replicas(7);

    for (let step = 0; step < 400; step++) {
      // Half of the changes are made on the other replica and arrive as an update.
      const target = rand() < 0.5 ? doc : remote;
      const nodeIds = [...boardMaps(target).nodes.keys()] as NodeId[];
      const edgeIds = [...boardMaps(target).edges.keys()] as EdgeId[];
      const node = () => pickOf(nodeIds) ?? ('none' as NodeId);
      const r = rand();
      if (r < 0.2)
        addNode(target, {
          kind: pickOf(KINDS)!,
          x: rand() * 500,
          y: rand() * 500,
          parent: rand() < 0.3 ? node() : undefined,
        });
      else if (r < 0.3) moveNodes(target, [{ id: node(), x: rand() * 900, y: rand() * 900 }]);
      else if (r < 0.38) renameNode(target, node(), `n${Math.floor(rand() * 99)}`);
      else if (r < 0.42) setNodeNotes(target, node(), `notes ${step}`);
      else if (r < 0.46) resizeNode(target, node(), { w: 50 + rand() * 300, h: 40 + rand() * 300 });
      else if (r < 0.52) reparentNode(target, node(), rand() < 0.3 ? null : node(), { x: 1, y: 2 });
      else if (r < 0.58) removeNodes(target, [node()]);
      else if (r < 0.68) connect(target, { source: node(), target: node(), style: pickOf(EDGE_STYLES)! });
      else if (r < 0.72) setEdgeStyle(target, pickOf(edgeIds) ?? ('none' as EdgeId), pickOf(EDGE_STYLES)!);
      else if (r < 0.75) setEdgeTwoWay(target, pickOf(edgeIds) ?? ('none' as EdgeId), rand() < 0.5);
      else if (r < 0.78) renameEdge(target, pickOf(edgeIds) ?? ('none' as EdgeId), `e${step}`);
      else if (r < 0.81) removeEdges(target, [pickOf(edgeIds) ?? ('none' as EdgeId)]);
      else if (r < 0.84) setAnswer(target, 'q1', `answer ${step}`);
      else if (r < 0.86) setTitle(target, `Title ${step}`);
      else if (r < 0.9) {
        // junk a peer may write: a bad field, a foreign value, a parent cycle
        const record = boardMaps(target).nodes.get(node());
        target.transact(() => {
          if (record instanceof Y.Map && rand() < 0.5) record.set(NODE_KEYS.x, 'left');
          else if (record instanceof Y.Map) record.set(NODE_KEYS.parent, node());
          else boardMaps(target).nodes.set(`junk${step}`, 42 as unknown as Y.Map<unknown>);
        });
      } else {
        const record = boardMaps(target).nodes.get(node());
        if (record instanceof Y.Map)
          target.transact(() => record.set(NODE_KEYS.kind, pickOf(['aws.nope', 'aws.lambda'])!));
      }
      exchange(target);
      expect(normal(reader.read()), `step ${step}`).toEqual(normal(readBoard(doc)));
    }
    expect(reader.read().nodes.length).toBeGreaterThan(5); // the walk built a board, not an empty one
  });

  test('READ-5 a record that did not change keeps its object; the one that changed gets a new one', () => {
    const doc = new Y.Doc();
    const reader = new IncrementalBoardReader(doc);
    Object.values(boardMaps(doc)).forEach((root) =>
      root.observeDeep((events: Y.YEvent<Y.AbstractType<unknown>>[]) => reader.note(events)),
    );
    const a = addNode(doc, { kind: 'aws.lambda', x: 0, y: 0 });
    const b = addNode(doc, { kind: 'aws.s3', x: 100, y: 0 });
    if (!a.ok || !b.ok) throw new Error('setup');
    const before = reader.read();
    moveNodes(doc, [{ id: a.value, x: 50, y: 50 }]);
    const after = reader.read();
    const find = (board: Board, id: string) => board.nodes.find((n) => n.id === id);
    expect(find(after, b.value)).toBe(find(before, b.value));
    expect(find(after, a.value)).not.toBe(find(before, a.value));
    expect(find(after, a.value)?.x).toBe(50);
  });

  test('READ-5 seed 11: moves, resizes and renames between structural changes; equal to readBoard, edges kept', () => {
    const { rand, pickOf, doc, remote, reader, exchange } = replicas(11);
    let kept = 0;
    let before = reader.read();
    for (let step = 0; step < 600; step++) {
      const target = rand() < 0.5 ? doc : remote;
      const nodeIds = [...boardMaps(target).nodes.keys()] as NodeId[];
      const node = () => pickOf(nodeIds) ?? ('none' as NodeId);
      const r = rand();
      let geometryOnly = false;
      if (r < 0.08 || nodeIds.length < 4)
        addNode(target, { kind: pickOf(KINDS)!, x: 0, y: 0, parent: rand() < 0.3 ? node() : undefined });
      else if (r < 0.12) connect(target, { source: node(), target: node() });
      else if (r < 0.14) reparentNode(target, node(), rand() < 0.5 ? null : node(), { x: 1, y: 2 });
      else if (r < 0.15) removeNodes(target, [node()]);
      else if (r < 0.16) setAnswer(target, 'q1', `answer ${step}`);
      else if (r < 0.17) setTitle(target, `Title ${step}`);
      else if (r < 0.75) {
        moveNodes(
          target,
          Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({ id: node(), x: rand() * 900, y: rand() * 900 })),
        );
        geometryOnly = true;
      } else if (r < 0.87) {
        resizeNode(target, node(), { w: 50 + rand() * 300, h: 40 + rand() * 300 });
        geometryOnly = true;
      } else renameNode(target, node(), `n${step}`);
      exchange(target);
      const after = reader.read();
      expect(normal(after), `step ${step}`).toEqual(normal(readBoard(doc)));
      // Moves on a board without problems keep the edges and answers as they were.
      if (geometryOnly && before.problems.length === 0 && after.edges === before.edges) kept++;
      before = after;
    }
    expect(reader.read().nodes.length).toBeGreaterThan(10);
    expect(reader.read().edges.length).toBeGreaterThan(5);
    expect(kept).toBeGreaterThan(100);
  });
});

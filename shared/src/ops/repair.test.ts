import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { readBoard } from '../read/readBoard';
import { boardMaps, EDGE_KEYS, nodeMap, NODE_KEYS } from '../schema/docLayout';
import type { EdgeId, NodeId } from '../schema/ids';
import { countTransactions, syncPair } from '../testing/network';
import { connect } from './edges';
import { addNode, parentLinks } from './nodes';
import { repairBoard } from './repair';
import type { Result } from './result';
import { cycleBreakers } from './rules';

const ORIGIN = { source: 'client', connectionId: 'repair' };

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

/** Two containers and two services; then raw writes make the structural problems repair fixes. */
function broken() {
  const doc = new Y.Doc();
  const node = (id: string, kind: string, parent?: string) =>
    value(addNode(doc, { id: id as NodeId, kind, x: 0, y: 0, parent: parent as NodeId | undefined }));
  node('ga', 'group.vpc');
  node('gb', 'group.az');
  node('fn', 'aws.lambda');
  node('s3', 'aws.s3');
  value(connect(doc, { id: 'ok' as EdgeId, source: 'fn' as NodeId, target: 's3' as NodeId }));
  value(connect(doc, { id: 'dangling' as EdgeId, source: 'fn' as NodeId, target: 'gb' as NodeId }));
  doc.transact(() => {
    nodeMap(doc, 'ga' as NodeId)?.set(NODE_KEYS.parent, 'gb'); // ga in gb ...
    nodeMap(doc, 'gb' as NodeId)?.set(NODE_KEYS.parent, 'ga'); // ... and gb in ga
    nodeMap(doc, 's3' as NodeId)?.set(NODE_KEYS.parent, 'gone'); // parent deleted meanwhile
    const noEnds = new Y.Map<unknown>();
    noEnds.set(EDGE_KEYS.target, 'fn');
    boardMaps(doc).edges.set('no-source', noEnds);
    const toGhost = new Y.Map<unknown>();
    toGhost.set(EDGE_KEYS.source, 'ghost');
    toGhost.set(EDGE_KEYS.target, 'fn');
    boardMaps(doc).edges.set('to-ghost', toGhost);
  });
  boardMaps(doc).nodes.delete('gb'); // now 'dangling' dangles and ga's parent is gone
  return doc;
}

describe('repairBoard (OP-10)', () => {
  test('removes dangling edges and missing parents in one transaction with the origin', () => {
    const doc = broken();
    expect(
      readBoard(doc)
        .problems.map((p) => `${p.type}:${p.id}`)
        .sort(),
    ).toEqual(
      [
        'dangling-edge:dangling',
        'dangling-edge:to-ghost',
        'invalid-edge:no-source',
        'missing-parent:ga',
        'missing-parent:s3',
      ].sort(),
    );
    const counted = countTransactions(doc, () => repairBoard(doc, ORIGIN));
    expect(counted).toMatchObject({ transactions: 1, updates: 1, origins: [ORIGIN] });
    // dangling, to-ghost, no-source; the parents of ga and s3
    expect(counted.result).toBe(5);
    const board = readBoard(doc);
    expect(board.problems).toEqual([]);
    expect(board.edges.map((e) => e.id)).toEqual(['ok']);
    expect(Object.fromEntries(parentLinks(doc))).toEqual({ ga: undefined, fn: undefined, s3: undefined });
  });

  test('breaks parent cycles the way readBoard does: the smallest id loses its parent', () => {
    const doc = new Y.Doc();
    for (const id of ['c', 'a', 'b']) value(addNode(doc, { id: id as NodeId, kind: 'group.vpc', x: 0, y: 0 }));
    doc.transact(() => {
      nodeMap(doc, 'a' as NodeId)?.set(NODE_KEYS.parent, 'c');
      nodeMap(doc, 'c' as NodeId)?.set(NODE_KEYS.parent, 'b');
      nodeMap(doc, 'b' as NodeId)?.set(NODE_KEYS.parent, 'a');
    });
    const before = readBoard(doc);
    expect(before.problems).toEqual([{ type: 'parent-cycle', id: 'a' }]);
    expect(repairBoard(doc)).toBe(1);
    const after = readBoard(doc);
    expect(after.problems).toEqual([]);
    expect(after.nodes).toEqual(before.nodes); // the doc now says what the reader showed
    expect(cycleBreakers(parentLinks(doc)).size).toBe(0);
  });

  test('is idempotent: a second pass changes nothing and writes nothing', () => {
    const doc = broken();
    repairBoard(doc);
    const counted = countTransactions(doc, () => repairBoard(doc, ORIGIN));
    expect(counted.result).toBe(0);
    expect(counted.updates).toBe(0);
  });

  test('two replicas repairing at once converge to the same repaired doc', () => {
    const a = broken();
    const b = new Y.Doc();
    syncPair(a, b);
    expect(repairBoard(a)).toBe(5);
    expect(repairBoard(b)).toBe(5);
    syncPair(a, b);
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(readBoard(a).problems).toEqual([]);
    expect(repairBoard(a)).toBe(0);
  });

  test('leaves nodes of unknown kinds and their edges alone: a newer client may know them', () => {
    const doc = new Y.Doc();
    value(addNode(doc, { id: 'fn' as NodeId, kind: 'aws.lambda', x: 0, y: 0 }));
    const future = new Y.Map<unknown>();
    future.set(NODE_KEYS.kind, 'aws.bedrock');
    future.set(NODE_KEYS.x, 0);
    future.set(NODE_KEYS.y, 0);
    boardMaps(doc).nodes.set('future', future);
    const edge = new Y.Map<unknown>();
    edge.set(EDGE_KEYS.source, 'fn');
    edge.set(EDGE_KEYS.target, 'future');
    boardMaps(doc).edges.set('e', edge);
    expect(repairBoard(doc)).toBe(0);
    expect(boardMaps(doc).nodes.has('future')).toBe(true);
    expect(boardMaps(doc).edges.has('e')).toBe(true);
  });

  test('an empty doc needs no repair', () => {
    const doc = new Y.Doc();
    expect(repairBoard(doc)).toBe(0);
  });
});

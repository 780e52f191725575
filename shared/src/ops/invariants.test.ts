import fc from 'fast-check';
import * as Y from 'yjs';
import { expect, test } from 'vitest';
import { CATALOG } from '../catalog/catalog';
import { readBoard } from '../read/readBoard';
import { boardMaps } from '../schema/docLayout';
import { EDGE_STYLES, type EdgeStyle } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import { isBoardNode } from '../schema/nodeRecord';
import { countTransactions } from '../testing/network';
import { connect, removeEdges, renameEdge, setEdgeStyle } from './edges';
import { setAnswer, setTitle } from './meta';
import { addNode, moveNodes, removeNodes, renameNode, reparentNode, resizeNode, setNodeNotes } from './nodes';
import type { Result } from './result';

/*
 * OP-1, OP-2 and OP-8 on one replica, with inputs as hostile as a buggy client could pass:
 * an op either refuses and writes nothing, or writes in one transaction; and whatever
 * sequence of ops ran, the reader finds nothing wrong with the doc (no concurrency here,
 * so there is nothing for repairBoard to do either).
 */

const SEED = 4401;

const anyNumber = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.double() }, // NaN, ±Infinity, -0 and friends
);
const size = fc.oneof(fc.integer({ min: 1, max: 900 }), anyNumber);
const pick = fc.nat({ max: 99 });
const kind = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CATALOG.map((e) => e.id)) },
  { weight: 1, arbitrary: fc.constantFrom('aws.unknown', '', 'GROUP.VPC') },
);
const text = fc.string({ maxLength: 12 });
// Short handles as React Flow makes them, and some just under and over the schema's 64.
const handle = fc.option(fc.oneof(fc.string({ maxLength: 4 }), fc.string({ minLength: 60, maxLength: 70 })), {
  nil: undefined,
});
const style = fc.oneof(fc.constantFrom(...EDGE_STYLES), fc.constantFrom('bogus', '')) as fc.Arbitrary<EdgeStyle>;

const opArb = fc.oneof(
  ...Array.from({ length: 3 }, () =>
    fc.record({
      op: fc.constant('add' as const),
      kind,
      x: anyNumber,
      y: anyNumber,
      w: fc.option(size, { nil: undefined, freq: 2 }),
      parent: fc.option(pick, { nil: undefined, freq: 2 }),
      label: fc.option(text, { nil: undefined }),
    }),
  ),
  fc.record({ op: fc.constant('move' as const), node: pick, x: anyNumber, y: anyNumber }),
  fc.record({ op: fc.constant('resize' as const), node: pick, w: size, h: size }),
  fc.record({ op: fc.constant('rename' as const), node: pick, text }),
  fc.record({ op: fc.constant('notes' as const), node: pick, text }),
  fc.record({
    op: fc.constant('reparent' as const),
    node: pick,
    parent: fc.option(pick, { nil: null }),
    x: anyNumber,
    y: anyNumber,
  }),
  fc.record({ op: fc.constant('remove' as const), nodes: fc.array(pick, { maxLength: 2 }) }),
  fc.record({
    op: fc.constant('connect' as const),
    source: pick,
    target: pick,
    sourceHandle: handle,
    targetHandle: handle,
    style,
  }),
  fc.record({
    op: fc.constant('connect' as const),
    source: pick,
    target: pick,
    sourceHandle: handle,
    targetHandle: handle,
    style,
  }),
  fc.record({ op: fc.constant('removeEdges' as const), edges: fc.array(pick, { maxLength: 2 }) }),
  fc.record({ op: fc.constant('style' as const), edge: pick, style }),
  fc.record({ op: fc.constant('renameEdge' as const), edge: pick, text }),
  fc.record({ op: fc.constant('answer' as const), q: fc.constantFrom('q1', 'q14', 'custom'), text }),
  fc.record({ op: fc.constant('title' as const), text: fc.string({ maxLength: 250 }) }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** Ids are picked from what exists, and one time in ten an id that never does. */
function idAt<T extends string>(ids: Iterable<string>, index: number): T {
  const list = [...ids].sort();
  return (index >= 90 ? 'ghost' : (list[index % Math.max(list.length, 1)] ?? 'ghost')) as T;
}

function apply(doc: Y.Doc, op: Op): Result<unknown> | undefined {
  const { nodes, edges } = boardMaps(doc);
  const node = (i: number) => idAt<NodeId>(nodes.keys(), i);
  const edge = (i: number) => idAt<EdgeId>(edges.keys(), i);
  const o = { source: 'client' };
  switch (op.op) {
    case 'add':
      return addNode(doc, { ...op, parent: op.parent === undefined ? undefined : node(op.parent) }, o);
    case 'move':
      return moveNodes(doc, [{ id: node(op.node), x: op.x, y: op.y }], o);
    case 'resize':
      return resizeNode(doc, node(op.node), { w: op.w, h: op.h }, o);
    case 'rename':
      return renameNode(doc, node(op.node), op.text, o);
    case 'notes':
      return setNodeNotes(doc, node(op.node), op.text, o);
    case 'reparent':
      return reparentNode(doc, node(op.node), op.parent === null ? null : node(op.parent), op, o);
    case 'remove':
      return removeNodes(doc, op.nodes.map(node), o);
    case 'connect':
      return connect(doc, { ...op, source: node(op.source), target: node(op.target) }, o);
    case 'removeEdges':
      return removeEdges(doc, op.edges.map(edge), o);
    case 'style':
      return setEdgeStyle(doc, edge(op.edge), op.style, o);
    case 'renameEdge':
      return renameEdge(doc, edge(op.edge), op.text, o);
    case 'answer':
      return void setAnswer(doc, op.q, op.text, o);
    case 'title':
      return setTitle(doc, op.text, o);
  }
}

test(`OP-1/2/8 property: any sequence of ops leaves a doc the reader fully accepts (seed ${SEED})`, () => {
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }), (ops) => {
      const doc = new Y.Doc();
      for (const op of ops) {
        const before = Y.encodeStateAsUpdate(doc);
        const counted = countTransactions(doc, () => apply(doc, op));
        if (counted.result && !counted.result.ok) {
          expect(counted.updates, `${op.op} refused but wrote`).toBe(0);
          expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
        } else {
          expect(counted.transactions, op.op).toBe(1);
          expect(counted.updates, op.op).toBeLessThanOrEqual(1);
        }
        const board = readBoard(doc);
        expect(board.problems, `after ${JSON.stringify(op)}`).toEqual([]);
        for (const n of board.nodes) expect(isBoardNode(n)).toBe(true);
        expect(board.title.length).toBeLessThanOrEqual(200);
      }
    }),
    { seed: SEED, numRuns: 200, includeErrorInReport: true },
  );
});

import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { readBoard } from '../read/readBoard';
import { boardMaps, nodeMap, NODE_KEYS } from '../schema/docLayout';
import type { EdgeId, NodeId } from '../schema/ids';
import { countTransactions } from '../testing/network';
import { connect } from './edges';
import {
  addNode,
  moveNodes,
  parentLinks,
  removeNodes,
  renameNode,
  reparentNode,
  resizeNode,
  setNodeNotes,
  type NewNode,
} from './nodes';
import type { Result } from './result';

const ORIGIN = { source: 'client', connectionId: 'test' };
const nid = (id: string) => id as NodeId;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function add(doc: Y.Doc, input: Omit<NewNode, 'x' | 'y'> & { x?: number; y?: number }): NodeId {
  return value(addNode(doc, { x: 0, y: 0, ...input }));
}

/** A doc with a VPC `vpc` holding a subnet `sub` holding a Lambda `fn`, and a loose S3 `s3`. */
function nested() {
  const doc = new Y.Doc();
  const vpc = add(doc, { id: nid('vpc'), kind: 'group.vpc', x: 100, y: 50 });
  const sub = add(doc, { id: nid('sub'), kind: 'group.private-subnet', parent: vpc, x: 20, y: 30 });
  const fn = add(doc, { id: nid('fn'), kind: 'aws.lambda', parent: sub, x: 5, y: 6 });
  const s3 = add(doc, { id: nid('s3'), kind: 'aws.s3', x: 900, y: 900 });
  return { doc, vpc, sub, fn, s3 };
}

/** Runs an op that must change the doc, checking OP-1: one transaction, one update, the caller's origin. */
function once<T>(doc: Y.Doc, run: () => T): T {
  const counted = countTransactions(doc, run);
  expect(counted.transactions).toBe(1);
  expect(counted.updates).toBe(1);
  expect(counted.origins).toEqual([ORIGIN]);
  return counted.result;
}

/** OP-2: a refused op returns its error code and writes nothing. */
function refused<T>(doc: Y.Doc, run: () => Result<T>, code: string): void {
  const before = Y.encodeStateAsUpdate(doc);
  const counted = countTransactions(doc, run);
  expect(counted.result.ok ? 'ok' : counted.result.error.code).toBe(code);
  expect(counted.updates).toBe(0);
  expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
}

describe('addNode', () => {
  test('OP-3 adds a service node with the catalogue label, z 1 and no size', () => {
    const doc = new Y.Doc();
    const id = once(doc, () => value(addNode(doc, { kind: 'aws.lambda', x: 10, y: 20 }, ORIGIN)));
    expect(id).toMatch(/^n_[A-Za-z0-9]{12}$/);
    const board = readBoard(doc);
    expect(board.problems).toEqual([]);
    expect(board.nodes).toEqual([{ id, kind: 'aws.lambda', x: 10, y: 20, z: 1, label: 'Lambda', notes: '' }]);
    // Both texts exist from the start, so first edits by two people merge (CONF-1, CONF-6).
    expect(nodeMap(doc, id)?.get(NODE_KEYS.label)).toBeInstanceOf(Y.Text);
    expect(nodeMap(doc, id)?.get(NODE_KEYS.notes)).toBeInstanceOf(Y.Text);
  });

  test('OP-3 containers get the catalogue size and z 0, notes an empty label', () => {
    const doc = new Y.Doc();
    const vpc = add(doc, { kind: 'group.vpc' });
    const note = add(doc, { kind: 'note' });
    const board = readBoard(doc);
    expect(board.nodes.find((n) => n.id === vpc)).toMatchObject({ w: 600, h: 380, z: 0, label: 'VPC' });
    expect(board.nodes.find((n) => n.id === note)).toMatchObject({ w: 200, h: 120, z: 1, label: '' });
  });

  test('OP-3 shapes get the catalogue size and an empty label, a text label "Text"; none is a container', () => {
    const doc = new Y.Doc();
    const text = add(doc, { kind: 'shape.text' });
    const shapes = (['shape.rect', 'shape.ellipse', 'shape.cylinder'] as const).map((kind) => add(doc, { kind }));
    const board = readBoard(doc);
    expect(board.problems).toEqual([]);
    expect(board.nodes.find((n) => n.id === text)).toMatchObject({ w: 160, h: 40, z: 1, label: 'Text' });
    for (const id of shapes)
      expect(board.nodes.find((n) => n.id === id)).toMatchObject({ w: 160, h: 96, z: 1, label: '' });
    // Nothing can be put inside a shape.
    refused(doc, () => addNode(doc, { kind: 'aws.lambda', x: 0, y: 0, parent: shapes[0] }), 'not-container');
    refused(doc, () => addNode(doc, { kind: 'aws.lambda', x: 0, y: 0, parent: text }), 'not-container');
  });

  test('OP-3 explicit id, label, size, z and parent are kept', () => {
    const doc = new Y.Doc();
    const az = add(doc, { id: nid('az'), kind: 'group.az' });
    const id = once(doc, () =>
      value(
        addNode(
          doc,
          { id: nid('db'), kind: 'aws.rds', x: 1, y: 2, label: 'orders', w: 50, h: 40, z: 7, parent: az },
          ORIGIN,
        ),
      ),
    );
    expect(id).toBe('db');
    expect(readBoard(doc).nodes.find((n) => n.id === 'db')).toEqual({
      id: 'db',
      kind: 'aws.rds',
      x: 1,
      y: 2,
      w: 50,
      h: 40,
      z: 7,
      parent: 'az',
      label: 'orders',
      notes: '',
    });
  });

  test('OP-2 unknown kind', () => {
    const doc = new Y.Doc();
    refused(doc, () => addNode(doc, { kind: 'aws.mainframe', x: 0, y: 0 }, ORIGIN), 'unknown-kind');
  });

  test.each([
    { x: Number.NaN },
    { y: Number.POSITIVE_INFINITY },
    { w: Number.NaN },
    { h: Number.NEGATIVE_INFINITY },
    { z: Number.NaN },
    { w: 0 },
    { h: -5 },
  ])('OP-2 invalid value %o', (bad) => {
    const doc = new Y.Doc();
    refused(doc, () => addNode(doc, { kind: 'group.vpc', x: 0, y: 0, ...bad }, ORIGIN), 'invalid-value');
  });

  test('OP-2 missing parent and a parent that is not a container', () => {
    const doc = new Y.Doc();
    const fn = add(doc, { kind: 'aws.lambda' });
    refused(doc, () => addNode(doc, { kind: 'aws.s3', x: 0, y: 0, parent: nid('ghost') }, ORIGIN), 'missing-node');
    refused(doc, () => addNode(doc, { kind: 'aws.s3', x: 0, y: 0, parent: fn }, ORIGIN), 'not-container');
  });
});

describe('moveNodes', () => {
  test('OP-4 moves several nodes in one transaction', () => {
    const { doc, fn, s3 } = nested();
    const moved = once(doc, () =>
      value(
        moveNodes(
          doc,
          [
            { id: fn, x: 1, y: 2 },
            { id: s3, x: 3, y: 4 },
          ],
          ORIGIN,
        ),
      ),
    );
    expect(moved).toBe(2);
    const board = readBoard(doc);
    expect(board.nodes.find((n) => n.id === fn)).toMatchObject({ x: 1, y: 2 });
    expect(board.nodes.find((n) => n.id === s3)).toMatchObject({ x: 3, y: 4 });
  });

  test('OP-4 a move never resurrects a deleted node', () => {
    const { doc, fn, s3 } = nested();
    removeNodes(doc, [s3]);
    const moved = once(doc, () =>
      value(
        moveNodes(
          doc,
          [
            { id: s3, x: 1, y: 1 },
            { id: fn, x: 9, y: 9 },
          ],
          ORIGIN,
        ),
      ),
    );
    expect(moved).toBe(1);
    expect(boardMaps(doc).nodes.has(s3)).toBe(false);
  });

  test('OP-2 a non-finite coordinate refuses the whole move', () => {
    const { doc, fn, s3 } = nested();
    refused(
      doc,
      () =>
        moveNodes(
          doc,
          [
            { id: fn, x: 1, y: 1 },
            { id: s3, x: Number.NaN, y: 0 },
          ],
          ORIGIN,
        ),
      'invalid-value',
    );
  });

  test('OP-4 x and y are written together even when only one of them changes', () => {
    // Otherwise a concurrent drag can win x while this one keeps y: a position nobody chose.
    const { doc, s3 } = nested();
    const record = nodeMap(doc, s3);
    const written: string[] = [];
    record?.observe((event) => written.push(...event.keysChanged));
    moveNodes(doc, [{ id: s3, x: 900, y: 10 }]);
    expect(written.sort()).toEqual(['x', 'y']);
  });
});

describe('resizeNode', () => {
  test('OP-3 sets size, and position when given', () => {
    const { doc, vpc } = nested();
    once(doc, () => value(resizeNode(doc, vpc, { w: 300, h: 200, x: 90 }, ORIGIN)));
    expect(readBoard(doc).nodes.find((n) => n.id === vpc)).toMatchObject({ w: 300, h: 200, x: 90, y: 50 });
  });

  test.each([{ w: 0 }, { h: -1 }, { w: Number.NaN }, { x: Number.POSITIVE_INFINITY }])('OP-2 invalid %o', (bad) => {
    const { doc, vpc } = nested();
    refused(doc, () => resizeNode(doc, vpc, { w: 10, h: 10, ...bad }, ORIGIN), 'invalid-value');
  });

  test('OP-2 missing node', () => {
    const doc = new Y.Doc();
    refused(doc, () => resizeNode(doc, nid('ghost'), { w: 10, h: 10 }, ORIGIN), 'missing-node');
  });
});

describe('renameNode and setNodeNotes', () => {
  test('OP-7 rename edits the existing Y.Text in place', () => {
    const { doc, fn } = nested();
    const label = nodeMap(doc, fn)?.get(NODE_KEYS.label);
    once(doc, () => value(renameNode(doc, fn, 'Lambda: resize images', ORIGIN)));
    expect(nodeMap(doc, fn)?.get(NODE_KEYS.label)).toBe(label);
    expect(String(label)).toBe('Lambda: resize images');
  });

  test('OP-7 renaming to the same text writes nothing', () => {
    const { doc, fn } = nested();
    expect(countTransactions(doc, () => renameNode(doc, fn, 'Lambda')).updates).toBe(0);
  });

  test('OP-7 a label stored as a plain string (older or foreign writer) becomes a Y.Text', () => {
    const { doc, fn } = nested();
    nodeMap(doc, fn)?.set(NODE_KEYS.label, 'plain');
    once(doc, () => value(renameNode(doc, fn, 'plain text', ORIGIN)));
    expect(nodeMap(doc, fn)?.get(NODE_KEYS.label)).toBeInstanceOf(Y.Text);
    expect(readBoard(doc).nodes.find((n) => n.id === fn)?.label).toBe('plain text');
  });

  test('OP-7 notes are set, edited and read back', () => {
    const { doc, fn } = nested();
    once(doc, () => value(setNodeNotes(doc, fn, 'p99 < 50 ms', ORIGIN)));
    once(doc, () => value(setNodeNotes(doc, fn, 'p99 < 40 ms', ORIGIN)));
    expect(readBoard(doc).nodes.find((n) => n.id === fn)?.notes).toBe('p99 < 40 ms');
  });

  test('SHAPE-5 a text label or a shape grows taller to show its whole label, its containers with it, in the same transaction', () => {
    const { doc, vpc, sub } = nested();
    const size = (id: NodeId) => ({ w: nodeMap(doc, id)?.get(NODE_KEYS.w), h: nodeMap(doc, id)?.get(NODE_KEYS.h) });
    const note = add(doc, { kind: 'shape.text', parent: sub, x: 10, y: Number(size(sub).h) - 50 });
    const before = { vpc: size(vpc), sub: size(sub), note: size(note) };
    once(doc, () =>
      value(
        renameNode(doc, note, 'All traffic is TLS terminated at the load balancer; internal calls use mTLS', ORIGIN),
      ),
    );
    expect(size(note).w).toBe(before.note.w);
    expect(size(note).h).toBeGreaterThan(Number(before.note.h));
    // The subnet holds it again, with room below; the VPC holds the subnet.
    expect(Number(size(sub).h)).toBe(Number(before.sub.h) - 50 + Number(size(note).h) + 12);
    const subY = Number(nodeMap(doc, sub)?.get(NODE_KEYS.y));
    expect(Number(size(vpc).h)).toBe(Math.max(Number(before.vpc.h), subY + Number(size(sub).h) + 12));
    expect(size(vpc).w).toBe(before.vpc.w);
    // A short label shrinks nothing back; an icon node never grows.
    const grown = size(note).h;
    value(renameNode(doc, note, 'TLS'));
    expect(size(note).h).toBe(grown);
    const { doc: other, fn } = nested();
    value(renameNode(other, fn, 'A Lambda whose name runs on and on for far longer than its label can ever show'));
    expect(nodeMap(other, fn)?.get(NODE_KEYS.h)).toBeUndefined();
  });

  test('SHAPE-5 a shape added with a label and no height is made tall enough for it; a given height is kept', () => {
    const doc = new Y.Doc();
    const long = 'Payments go through Stripe, outside our account, over HTTPS with retries';
    const fitted = add(doc, { kind: 'shape.text', label: long });
    const given = add(doc, { kind: 'shape.text', label: long, h: 40 });
    const short = add(doc, { kind: 'shape.ellipse', label: 'Stripe' });
    expect(nodeMap(doc, fitted)?.get(NODE_KEYS.h)).toBeGreaterThan(40);
    expect(nodeMap(doc, given)?.get(NODE_KEYS.h)).toBe(40);
    expect(nodeMap(doc, short)?.get(NODE_KEYS.h)).toBe(96);
  });

  test('OP-2 missing node', () => {
    const doc = new Y.Doc();
    refused(doc, () => renameNode(doc, nid('ghost'), 'x', ORIGIN), 'missing-node');
    refused(doc, () => setNodeNotes(doc, nid('ghost'), 'x', ORIGIN), 'missing-node');
  });
});

describe('reparentNode', () => {
  test('OP-6 moves a node into a container at the given relative position', () => {
    const { doc, vpc, s3 } = nested();
    once(doc, () => value(reparentNode(doc, s3, vpc, { x: 40, y: 60 }, ORIGIN)));
    expect(readBoard(doc).nodes.find((n) => n.id === s3)).toMatchObject({ parent: vpc, x: 40, y: 60 });
  });

  test('OP-6 parent null puts a node back on the canvas', () => {
    const { doc, fn } = nested();
    once(doc, () => value(reparentNode(doc, fn, null, { x: 125, y: 86 }, ORIGIN)));
    const node = readBoard(doc).nodes.find((n) => n.id === fn);
    expect(node).toMatchObject({ x: 125, y: 86 });
    expect(node?.parent).toBeUndefined();
    expect(nodeMap(doc, fn)?.has(NODE_KEYS.parent)).toBe(false);
  });

  test('OP-6 refuses to put a container inside itself or its own descendant', () => {
    const { doc, vpc, sub } = nested();
    refused(doc, () => reparentNode(doc, vpc, vpc, { x: 0, y: 0 }, ORIGIN), 'cycle');
    refused(doc, () => reparentNode(doc, vpc, sub, { x: 0, y: 0 }, ORIGIN), 'cycle');
  });

  test('OP-6 refuses a parent that is not a container, or missing', () => {
    const { doc, fn, s3 } = nested();
    refused(doc, () => reparentNode(doc, s3, fn, { x: 0, y: 0 }, ORIGIN), 'not-container');
    refused(doc, () => reparentNode(doc, s3, nid('ghost'), { x: 0, y: 0 }, ORIGIN), 'missing-node');
    refused(doc, () => reparentNode(doc, nid('ghost'), null, { x: 0, y: 0 }, ORIGIN), 'missing-node');
    refused(doc, () => reparentNode(doc, s3, null, { x: Number.NaN, y: 0 }, ORIGIN), 'invalid-value');
  });
});

describe('removeNodes', () => {
  test('OP-5 removes children recursively and every edge touching any removed node', () => {
    const { doc, vpc, sub, fn, s3 } = nested();
    const other = add(doc, { id: nid('other'), kind: 'generic.service' });
    const e1 = value(connect(doc, { id: 'e1' as EdgeId, source: fn, target: s3 }));
    const e2 = value(connect(doc, { id: 'e2' as EdgeId, source: other, target: sub }));
    const e3 = value(connect(doc, { id: 'e3' as EdgeId, source: other, target: s3 }));
    const removed = once(doc, () => value(removeNodes(doc, [vpc], ORIGIN)));
    expect(removed.sort()).toEqual([fn, sub, vpc].sort());
    const board = readBoard(doc);
    expect(board.problems).toEqual([]);
    expect(board.nodes.map((n) => n.id).sort()).toEqual([other, s3].sort());
    expect(board.edges.map((e) => e.id)).toEqual([e3]);
    expect([e1, e2].some((e) => boardMaps(doc).edges.has(e))).toBe(false);
  });

  test('OP-5 removing a child keeps its parent; unknown ids are ignored', () => {
    const { doc, vpc, sub, fn } = nested();
    expect(value(removeNodes(doc, [fn, nid('ghost')]))).toEqual([fn]);
    expect(
      readBoard(doc)
        .nodes.map((n) => n.id)
        .sort(),
    ).toEqual(['s3', sub, vpc].sort());
    expect(countTransactions(doc, () => removeNodes(doc, [nid('ghost')])).updates).toBe(0);
  });

  test('OP-5 terminates on a doc whose parent links loop', () => {
    const { doc, vpc, sub } = nested();
    nodeMap(doc, vpc)?.set(NODE_KEYS.parent, sub); // written by a buggy or hostile peer
    expect(value(removeNodes(doc, [sub])).sort()).toEqual(['fn', sub, vpc].sort());
  });

  test('parentLinks lists every record, undefined for roots and junk', () => {
    const { doc } = nested();
    boardMaps(doc).nodes.set('junk', 42 as unknown as Y.Map<unknown>);
    expect(Object.fromEntries(parentLinks(doc))).toEqual({
      vpc: undefined,
      sub: 'vpc',
      fn: 'sub',
      s3: undefined,
      junk: undefined,
    });
  });
});

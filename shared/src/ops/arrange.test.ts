import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { layoutNodes, type Box } from '../geometry/nodeGeometry';
import { readBoard } from '../read/readBoard';
import { boardMaps } from '../schema/docLayout';
import type { NodeId } from '../schema/ids';
import { countTransactions } from '../testing/network';
import { value } from '../testing/results';
import { alignNodes, bringToFront, distributeNodes, sendToBack } from './arrange';
import { addNode, removeNodes, type NewNode } from './nodes';

/*
 * ARR-1..ARR-4: align, distribute and stacking order. Boxes are the canvas's absolute
 * boxes (layoutNodes), so an icon node counts with its label, and a node inside a
 * container is written back relative to that container.
 */

const ORIGIN = { source: 'client', connectionId: 'arrange-test' };
const nid = (id: string) => id as NodeId;
const add = (doc: Y.Doc, input: NewNode) => value(addNode(doc, input));
const boxes = (doc: Y.Doc) => new Map([...layoutNodes(readBoard(doc))].map(([id, l]) => [id, l.box]));
const box = (doc: Y.Doc, id: string): Box => boxes(doc).get(id)!;
const zOf = (doc: Y.Doc, id: string) => readBoard(doc).nodes.find((n) => n.id === id)!.z;

/**
 * A lambda with a one-line label, an S3 bucket with a three-line label (a taller box), a
 * note (200 x 120) and, inside a VPC at (1000, 500), a queue.
 */
function scattered(): Y.Doc {
  const doc = new Y.Doc();
  add(doc, { id: nid('fn'), kind: 'aws.lambda', x: 40, y: 300, label: 'Fn' });
  add(doc, {
    id: nid('bucket'),
    kind: 'aws.s3',
    x: 400,
    y: 80,
    label: 'A bucket with a label long enough to wrap',
  });
  add(doc, { id: nid('memo'), kind: 'note', x: 700, y: 200 });
  add(doc, { id: nid('vpc'), kind: 'group.vpc', x: 1000, y: 500 });
  add(doc, { id: nid('queue'), kind: 'aws.sqs', x: 60, y: 90, parent: nid('vpc') });
  return doc;
}

const SELECTION = ['fn', 'bucket', 'memo', 'queue'].map(nid);

describe('ARR-1 alignNodes lines up absolute boxes', () => {
  test('ARR-1 the six edges, with icon heights from layoutNodes and a nested node written relative', () => {
    const before = boxes(scattered());
    const all = SELECTION.map((id) => before.get(id)!);
    const left = Math.min(...all.map((b) => b.x));
    const right = Math.max(...all.map((b) => b.x + b.w));
    const top = Math.min(...all.map((b) => b.y));
    const bottom = Math.max(...all.map((b) => b.y + b.h));
    expect(before.get('bucket')!.h).toBeGreaterThan(before.get('fn')!.h); // the label wraps

    const cases = {
      left: (b: Box) => expect(b.x).toBeCloseTo(left, 9),
      right: (b: Box) => expect(b.x + b.w).toBeCloseTo(right, 9),
      center: (b: Box) => expect(b.x + b.w / 2).toBeCloseTo((left + right) / 2, 9),
      top: (b: Box) => expect(b.y).toBeCloseTo(top, 9),
      bottom: (b: Box) => expect(b.y + b.h).toBeCloseTo(bottom, 9),
      middle: (b: Box) => expect(b.y + b.h / 2).toBeCloseTo((top + bottom) / 2, 9),
    } as const;
    for (const [edge, check] of Object.entries(cases)) {
      const doc = scattered();
      const counted = countTransactions(doc, () =>
        value(alignNodes(doc, SELECTION, edge as keyof typeof cases, ORIGIN)),
      );
      expect(counted.transactions, edge).toBe(1);
      expect(counted.origins).toEqual([ORIGIN]);
      const after = boxes(doc);
      for (const id of SELECTION) check(after.get(id)!);
      // Only the aligned axis changed.
      const vertical = edge === 'top' || edge === 'middle' || edge === 'bottom';
      for (const id of SELECTION) {
        if (vertical) expect(after.get(id)!.x).toBe(before.get(id)!.x);
        else expect(after.get(id)!.y).toBe(before.get(id)!.y);
      }
      // The queue stays in its VPC, at a position relative to it; the VPC did not move.
      const queue = readBoard(doc).nodes.find((n) => n.id === 'queue')!;
      expect(queue.parent).toBe('vpc');
      expect(after.get('vpc')).toEqual(before.get('vpc'));
      expect(queue.x + after.get('vpc')!.x).toBeCloseTo(after.get('queue')!.x, 9);
      expect(readBoard(doc).problems).toEqual([]);
    }
  });

  test('ARR-1 a container and its child both selected: the child lands where asked, after its container moved', () => {
    const doc = scattered();
    value(alignNodes(doc, [nid('vpc'), nid('queue'), nid('fn')], 'left', ORIGIN));
    const after = boxes(doc);
    expect(after.get('vpc')!.x).toBe(40);
    expect(after.get('queue')!.x).toBe(40);
    expect(after.get('fn')!.x).toBe(40);
    expect(readBoard(doc).nodes.find((n) => n.id === 'queue')!.x).toBe(0);
  });
});

describe('ARR-2 distributeNodes leaves equal gaps', () => {
  test('ARR-2 horizontal and vertical: equal gaps, first and last stay, order kept', () => {
    for (const axis of ['horizontal', 'vertical'] as const) {
      const doc = scattered();
      const before = boxes(doc);
      const start = (b: Box) => (axis === 'horizontal' ? b.x : b.y);
      const end = (b: Box) => (axis === 'horizontal' ? b.x + b.w : b.y + b.h);
      const order = [...SELECTION].sort((a, b) => start(before.get(a)!) - start(before.get(b)!));
      const counted = countTransactions(doc, () => value(distributeNodes(doc, SELECTION, axis, ORIGIN)));
      expect(counted.transactions).toBe(1);
      expect(counted.origins).toEqual([ORIGIN]);
      const after = boxes(doc);
      const first = order[0]!;
      const last = order[order.length - 1]!;
      expect(after.get(first)).toEqual(before.get(first));
      expect(after.get(last)).toEqual(before.get(last));
      const gaps = order.slice(1).map((id, i) => start(after.get(id)!) - end(after.get(order[i]!)!));
      for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0]!, 9);
      // The other axis is untouched.
      for (const id of SELECTION) {
        if (axis === 'horizontal') expect(after.get(id)!.y).toBe(before.get(id)!.y);
        else expect(after.get(id)!.x).toBe(before.get(id)!.x);
      }
    }
  });

  test('ARR-2 fewer than three nodes (after ignoring unknown ids) changes nothing', () => {
    const doc = scattered();
    const before = Y.encodeStateAsUpdate(doc);
    const counted = countTransactions(doc, () =>
      distributeNodes(doc, [nid('fn'), nid('memo'), nid('gone')], 'horizontal'),
    );
    expect(counted.result).toEqual({ ok: true, value: 0 });
    expect(counted.transactions).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});

describe('ARR-3 bringToFront and sendToBack', () => {
  /** Five lambdas z 1..5 and two VPCs z 0 and 3 on the canvas; two lambdas z 7 and 9 in a VPC. */
  function stacked(): Y.Doc {
    const doc = new Y.Doc();
    for (let i = 1; i <= 5; i++) add(doc, { id: nid(`f${i}`), kind: 'aws.lambda', x: i * 10, y: 0, z: i });
    add(doc, { id: nid('vpcA'), kind: 'group.vpc', x: 0, y: 200, z: 0 });
    add(doc, { id: nid('vpcB'), kind: 'group.vpc', x: 0, y: 800, z: 3 });
    add(doc, { id: nid('in1'), kind: 'aws.lambda', x: 10, y: 50, z: 7, parent: nid('vpcA') });
    add(doc, { id: nid('in2'), kind: 'aws.lambda', x: 200, y: 50, z: 9, parent: nid('vpcA') });
    return doc;
  }
  const order = (doc: Y.Doc, ids: string[]) =>
    readBoard(doc)
      .nodes.map((n) => n.id as string)
      .filter((id) => ids.includes(id));
  const ICONS = ['f1', 'f2', 'f3', 'f4', 'f5'];

  test('ARR-3 to the front above every other sibling of its class, keeping the selection order', () => {
    const doc = stacked();
    const counted = countTransactions(doc, () => value(bringToFront(doc, [nid('f3'), nid('f1')], ORIGIN)));
    expect(counted.transactions).toBe(1);
    expect(counted.updates).toBe(1);
    expect(counted.origins).toEqual([ORIGIN]);
    expect(order(doc, ICONS)).toEqual(['f2', 'f4', 'f5', 'f1', 'f3']);
    expect(zOf(doc, 'f1')).toBe(6);
    expect(zOf(doc, 'f3')).toBe(7);
    // Containers and the nodes inside the VPC were not restacked against these.
    expect(zOf(doc, 'vpcB')).toBe(3);
    expect(zOf(doc, 'in1')).toBe(7);
    // Again: already in front, nothing to write.
    expect(countTransactions(doc, () => bringToFront(doc, [nid('f3'), nid('f1')], ORIGIN)).transactions).toBe(0);
  });

  test('ARR-3 to the back below every other sibling; containers among containers, children among children', () => {
    const doc = stacked();
    value(sendToBack(doc, [nid('f5'), nid('f4'), nid('vpcB'), nid('in2')], ORIGIN));
    expect(order(doc, ICONS)).toEqual(['f4', 'f5', 'f1', 'f2', 'f3']);
    expect(zOf(doc, 'f4')).toBe(-1);
    expect(zOf(doc, 'f5')).toBe(0);
    expect(order(doc, ['vpcA', 'vpcB'])).toEqual(['vpcB', 'vpcA']);
    expect(order(doc, ['in1', 'in2'])).toEqual(['in2', 'in1']);
    // A container sent back is still a container: readBoard draws it before the icons.
    expect(readBoard(doc).nodes.findIndex((n) => n.id === 'vpcA')).toBeLessThan(
      readBoard(doc).nodes.findIndex((n) => n.id === 'f4'),
    );
    expect(readBoard(doc).problems).toEqual([]);
  });
});

describe('ARR-4 one transaction, one undo; deleted ids are ignored', () => {
  test('ARR-4 an UndoManager tracking the origin undoes each arrange in one step', () => {
    const doc = scattered();
    const { nodes } = boardMaps(doc);
    const undo = new Y.UndoManager([nodes], { trackedOrigins: new Set([ORIGIN]), captureTimeout: 0 });
    const initial = boxes(doc);
    value(alignNodes(doc, SELECTION, 'top', ORIGIN));
    const aligned = boxes(doc);
    value(distributeNodes(doc, SELECTION, 'horizontal', ORIGIN));
    value(bringToFront(doc, [nid('fn')], ORIGIN));
    expect(undo.undoStack).toHaveLength(3);
    undo.undo();
    undo.undo();
    expect(boxes(doc)).toEqual(aligned);
    undo.undo();
    expect(boxes(doc)).toEqual(initial);
  });

  test('ARR-4 a node deleted meanwhile is skipped, never brought back', () => {
    const doc = scattered();
    value(removeNodes(doc, [nid('memo')]));
    value(alignNodes(doc, SELECTION, 'left', ORIGIN));
    value(distributeNodes(doc, SELECTION, 'vertical', ORIGIN));
    value(bringToFront(doc, SELECTION, ORIGIN));
    expect(boardMaps(doc).nodes.has('memo')).toBe(false);
    expect(readBoard(doc).problems).toEqual([]);
    expect(box(doc, 'fn').x).toBe(box(doc, 'bucket').x);
  });
});

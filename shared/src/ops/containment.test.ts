import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { absolutePosition, readBoard } from '../read/readBoard';
import { value } from '../testing/results';
import { settleChildren } from './containment';
import { addNode, resizeNode } from './nodes';

describe('containment after a resize (OP-12)', () => {
  test('OP-12 children left outside a shrunk container move out to its parent, staying where they are', () => {
    const doc = new Y.Doc();
    const region = value(addNode(doc, { kind: 'group.region', x: 0, y: 0, w: 800, h: 600 }));
    const vpc = value(addNode(doc, { kind: 'group.vpc', x: 40, y: 40, w: 500, h: 400, parent: region }));
    const kept = value(addNode(doc, { kind: 'aws.lambda', x: 20, y: 40, parent: vpc }));
    const dropped = value(addNode(doc, { kind: 'aws.s3', x: 380, y: 260, parent: vpc }));
    const before = absolutePosition(readBoard(doc), dropped);
    resizeNode(doc, vpc, { w: 300, h: 200 });
    const moved = value(settleChildren(doc, vpc));
    expect(moved).toEqual([dropped]);
    const board = readBoard(doc);
    expect(board.nodes.find((n) => n.id === dropped)?.parent).toBe(region);
    expect(board.nodes.find((n) => n.id === kept)?.parent).toBe(vpc);
    expect(absolutePosition(board, dropped)).toEqual(before);
    expect(board.problems).toEqual([]);
  });

  test('OP-12 a top-level container sends its strays to the canvas; nothing moves when all fit', () => {
    const doc = new Y.Doc();
    const vpc = value(addNode(doc, { kind: 'group.vpc', x: 100, y: 100, w: 500, h: 400 }));
    const child = value(addNode(doc, { kind: 'aws.lambda', x: 300, y: 200, parent: vpc }));
    expect(value(settleChildren(doc, vpc))).toEqual([]);
    resizeNode(doc, vpc, { w: 200, h: 150 });
    expect(value(settleChildren(doc, vpc))).toEqual([child]);
    const node = readBoard(doc).nodes.find((n) => n.id === child)!;
    expect(node.parent).toBeUndefined();
    expect({ x: node.x, y: node.y }).toEqual({ x: 400, y: 300 });
  });
});

import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { absolutePosition, readBoard } from '../read/readBoard';
import { value } from '../testing/results';
import { layoutNodes, type Box } from '../geometry/nodeGeometry';
import { exportNode } from '../testing/exportFixtures';
import { parseImport } from '../export/parseImport';
import { toExportJson } from '../export/toExportJson';
import type { ExportDoc } from '../export/format';
import { fitContainers, keepInside, settleChildren } from './containment';
import { writeImport } from './importBoard';
import { initBoard } from './meta';
import { AUTO_LAYOUT } from './layout';
import { addNode, resizeNode } from './nodes';

/** Whether `inner` lies wholly inside `outer`. */
const within = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;

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

describe("a node let go over its container's edge (OP-13)", () => {
  const boxOf = (doc: Y.Doc, id: string) => layoutNodes(readBoard(doc)).get(id)!.box;

  test('OP-13 a child sticking out right and below moves in to the padding; one wholly inside stays put', () => {
    const doc = new Y.Doc();
    const vpc = value(addNode(doc, { kind: 'group.vpc', x: 100, y: 100, w: 500, h: 300 }));
    const out = value(addNode(doc, { kind: 'aws.ec2', x: 440, y: 250, parent: vpc, label: 'Web' }));
    const inside = value(addNode(doc, { kind: 'aws.rds', x: 20, y: 4, parent: vpc, label: 'Over the name' }));
    const { w, h } = boxOf(doc, out);
    expect(within(boxOf(doc, out), boxOf(doc, vpc))).toBe(false);
    expect(value(keepInside(doc, [out, inside]))).toEqual([out]);
    const node = readBoard(doc).nodes.find((n) => n.id === out)!;
    expect({ x: node.x, y: node.y }).toEqual({ x: 500 - AUTO_LAYOUT.padding - w, y: 300 - AUTO_LAYOUT.padding - h });
    expect(within(boxOf(doc, out), boxOf(doc, vpc))).toBe(true);
    expect(readBoard(doc).nodes.find((n) => n.id === inside)).toMatchObject({ x: 20, y: 4 });
    expect(boxOf(doc, vpc)).toMatchObject({ w: 500, h: 300 });
  });

  test("OP-13 one sticking out left and above moves in below the container's name; a top-level node is left alone", () => {
    const doc = new Y.Doc();
    const vpc = value(addNode(doc, { kind: 'group.vpc', x: 0, y: 0, w: 500, h: 300 }));
    const child = value(addNode(doc, { kind: 'aws.lambda', x: -30, y: -20, parent: vpc }));
    const loose = value(addNode(doc, { kind: 'aws.s3', x: 480, y: 280 }));
    expect(value(keepInside(doc, [child, loose]))).toEqual([child]);
    const nodes = readBoard(doc).nodes;
    expect(nodes.find((n) => n.id === child)).toMatchObject({ x: AUTO_LAYOUT.padding, y: AUTO_LAYOUT.paddingTop });
    expect(nodes.find((n) => n.id === loose)).toMatchObject({ x: 480, y: 280 });
  });

  test('OP-13 a child too big for the room grows its container right and down, and the containers around it', () => {
    const doc = new Y.Doc();
    const region = value(addNode(doc, { kind: 'group.region', x: 0, y: 0, w: 400, h: 300 }));
    const subnet = value(
      addNode(doc, { kind: 'group.private-subnet', x: 200, y: 100, w: 160, h: 150, parent: region }),
    );
    const big = value(addNode(doc, { kind: 'group.asg', x: 60, y: 60, w: 260, h: 180, parent: subnet }));
    const inner = value(addNode(doc, { kind: 'aws.ec2', x: 30, y: 50, parent: big }));
    expect(value(keepInside(doc, [big]))).toEqual([big]);
    const boxes = layoutNodes(readBoard(doc));
    expect(boxes.get(big)!.box).toMatchObject({ w: 260, h: 180 });
    expect(readBoard(doc).nodes.find((n) => n.id === big)).toMatchObject({
      x: AUTO_LAYOUT.padding,
      y: AUTO_LAYOUT.paddingTop,
    });
    expect(within(boxes.get(big)!.box, boxes.get(subnet)!.box)).toBe(true);
    expect(within(boxes.get(subnet)!.box, boxes.get(region)!.box)).toBe(true);
    expect(within(boxes.get(inner)!.box, boxes.get(big)!.box)).toBe(true);
    expect(boxes.get(subnet)!.box).toMatchObject({ x: 200, y: 100 }); // grown, never moved
    expect(boxes.get(region)!.box).toMatchObject({ x: 0, y: 0 });
  });

  test('OP-13 two children let go together both fit, the second seeing the room the first made', () => {
    const doc = new Y.Doc();
    const vpc = value(addNode(doc, { kind: 'group.vpc', x: 0, y: 0, w: 200, h: 160 }));
    const a = value(addNode(doc, { kind: 'group.asg', x: 150, y: 40, w: 260, h: 180, parent: vpc }));
    const b = value(addNode(doc, { kind: 'aws.ec2', x: 170, y: 120, parent: vpc }));
    keepInside(doc, [a, b]);
    const boxes = layoutNodes(readBoard(doc));
    expect(within(boxes.get(a)!.box, boxes.get(vpc)!.box)).toBe(true);
    expect(within(boxes.get(b)!.box, boxes.get(vpc)!.box)).toBe(true);
  });
});

describe('an imported file whose children lie outside their containers (OP-14)', () => {
  const file = (nodes: ExportDoc['nodes']): ExportDoc => ({
    format: 'archboard',
    formatVersion: 1,
    title: 'Hand-written',
    nodes,
    edges: [],
    answers: {},
  });
  const imported = (data: ExportDoc) => {
    const doc = new Y.Doc();
    initBoard(doc, 'new', 0);
    writeImport(doc, data, { freshIds: false, setTitle: true });
    return doc;
  };
  const boxes = (doc: Y.Doc) => new Map([...layoutNodes(readBoard(doc))].map(([id, l]) => [id, l.box]));

  test('OP-14 containers grow past the children sticking out on any side, nested ones first; every child stays where the file put it', () => {
    const data = file([
      exportNode('region', 'group.region', 0, 0, { w: 500, h: 300 }),
      exportNode('vpc', 'group.vpc', 40, 60, { w: 300, h: 200, parent: 'region' }),
      exportNode('right', 'aws.dynamodb', 640, 140, { parent: 'vpc' }), // past the VPC and the region
      exportNode('above', 'aws.lambda', 60, -50, { parent: 'vpc' }), // above the VPC, inside the region
      exportNode('left', 'aws.s3', -300, 100, { parent: 'region' }), // left of the region
    ]);
    const doc = imported(data);
    const box = boxes(doc);
    // Where the file put each service on the canvas: its parents' positions added up.
    expect({ x: box.get('right')!.x, y: box.get('right')!.y }).toEqual({ x: 680, y: 200 });
    expect({ x: box.get('above')!.x, y: box.get('above')!.y }).toEqual({ x: 100, y: 10 });
    expect({ x: box.get('left')!.x, y: box.get('left')!.y }).toEqual({ x: -300, y: 100 });
    for (const [child, parent] of [
      ['right', 'vpc'],
      ['above', 'vpc'],
      ['vpc', 'region'],
      ['left', 'region'],
    ] as const)
      expect(within(box.get(child)!, box.get(parent)!), `${child} inside ${parent}`).toBe(true);
    // To the padding beyond the farthest child, and the header's room above the highest.
    const { padding, paddingTop } = AUTO_LAYOUT;
    expect(box.get('vpc')!.x + box.get('vpc')!.w).toBe(box.get('right')!.x + box.get('right')!.w + padding);
    expect(box.get('vpc')!.y).toBe(box.get('above')!.y - paddingTop);
    expect(box.get('region')!.x).toBe(-300 - padding);
    expect(readBoard(doc).problems).toEqual([]);
  });

  test('OP-14 a board whose children are all inside imports unchanged, and fitting it again changes nothing', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Tidy', 0);
    const vpc = value(addNode(doc, { kind: 'group.vpc', x: 100, y: 100, w: 500, h: 300 }));
    value(addNode(doc, { kind: 'aws.ec2', x: 4, y: 2, parent: vpc, label: 'Over the name' }));
    value(addNode(doc, { kind: 'aws.rds', x: 300, y: 150, parent: vpc }));
    const parsed = parseImport(toExportJson(readBoard(doc)));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const copy = imported(parsed.value);
    expect(readBoard(copy).nodes).toEqual(readBoard(doc).nodes);
    expect(value(fitContainers(copy, [vpc]))).toEqual([]);
  });
});

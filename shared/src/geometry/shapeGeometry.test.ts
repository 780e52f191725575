import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { catalogEntry, type Outline } from '../catalog/catalog';
import { connect } from '../ops/edges';
import { addNode, type NewNode } from '../ops/nodes';
import { readBoard } from '../read/readBoard';
import type { EdgeId, NodeId } from '../schema/ids';
import { routeEdge } from './edgeRoute';
import { handlePoint, layoutNodes, SIDES } from './nodeGeometry';
import {
  cylinderCap,
  cylinderPaths,
  SHAPE_TEXT,
  shapeHeightToFit,
  shapeLabelBox,
  shapeLabelLines,
  strokeBox,
} from './shapeGeometry';
import { wrapText } from './text';
import { textWidth } from './text';

/*
 * SHAPE-1: plain shapes and text labels are sized by their w and h, like notes, and their
 * handles sit mid-way along the edges of their box, like a container's.
 * SHAPE-2: a shape's label box lies inside the shape, holds a whole number of lines, and
 * the label is wrapped to it and cut to what it holds.
 */

const nid = (id: string) => id as NodeId;
const LINE = SHAPE_TEXT.fontSize * SHAPE_TEXT.lineHeight;

function add(doc: Y.Doc, input: NewNode): void {
  const result = addNode(doc, input);
  if (!result.ok) throw new Error(result.error.message);
}

function shapesDoc(): Y.Doc {
  const doc = new Y.Doc();
  add(doc, { id: nid('vpc'), kind: 'group.vpc', x: 1000, y: 0 });
  add(doc, { id: nid('text'), kind: 'shape.text', x: 0, y: 0 });
  add(doc, { id: nid('rect'), kind: 'shape.rect', x: 0, y: 100 });
  add(doc, { id: nid('oval'), kind: 'shape.ellipse', x: 300, y: 100, w: 200, h: 120 });
  add(doc, { id: nid('drum'), kind: 'shape.cylinder', x: 50, y: 60, parent: nid('vpc') });
  return doc;
}

describe('SHAPE-1 shapes in the layout', () => {
  test('SHAPE-1 shapes and text labels take their w and h (the catalogue defaults when new), nested ones offset by their parent', () => {
    const layouts = layoutNodes(readBoard(shapesDoc()));
    expect(layouts.get('text')).toMatchObject({ shape: 'shape', box: { x: 0, y: 0, w: 160, h: 40 }, labelLines: [] });
    expect(layouts.get('rect')?.box).toEqual({ x: 0, y: 100, w: 160, h: 96 });
    expect(layouts.get('oval')?.box).toEqual({ x: 300, y: 100, w: 200, h: 120 });
    expect(layouts.get('drum')?.box).toEqual({ x: 1050, y: 60, w: 160, h: 96 });
  });

  test('SHAPE-1 handles are mid-way along each edge of the box, 5 px out (the outer edge of a handle)', () => {
    const layouts = layoutNodes(readBoard(shapesDoc()));
    for (const id of ['text', 'rect', 'oval', 'drum']) {
      const l = layouts.get(id)!;
      const { x, y, w, h } = l.box;
      const points = Object.fromEntries(SIDES.map((side) => [side, handlePoint(l, side)]));
      expect(points, id).toEqual({
        top: { x: x + w / 2, y: y - 5 },
        right: { x: x + w + 5, y: y + h / 2 },
        bottom: { x: x + w / 2, y: y + h + 5 },
        left: { x: x - 5, y: y + h / 2 },
      });
    }
  });

  test('SHAPE-1 an edge between shapes runs from box edge to box edge', () => {
    const doc = shapesDoc();
    const made = connect(doc, { id: 'e' as EdgeId, source: nid('rect'), target: nid('oval') });
    expect(made.ok).toBe(true);
    const board = readBoard(doc);
    const route = routeEdge(board.edges[0]!, layoutNodes(board))!;
    expect([route.sourceSide, route.targetSide]).toEqual(['right', 'left']);
    expect(route.points[0]).toEqual({ x: 165, y: 148 });
    expect(route.points.at(-1)).toEqual({ x: 295, y: 160 });
  });
});

describe('SHAPE-2 labels of shapes', () => {
  const outlines: Outline[] = ['none', 'rect', 'ellipse', 'cylinder'];
  const sizes = [
    [160, 40],
    [160, 96],
    [48, 32],
    [400, 300],
    [90, 200],
  ] as const;

  test('SHAPE-2 the label box lies inside the shape and holds a whole number of lines, one at least', () => {
    for (const outline of outlines)
      for (const [w, h] of sizes) {
        const box = shapeLabelBox(outline, w, h);
        const where = `${outline} ${w}×${h}`;
        expect(box.x, where).toBeGreaterThanOrEqual(SHAPE_TEXT.padX);
        expect(box.x + box.w, where).toBeLessThanOrEqual(w - SHAPE_TEXT.padX + 1e-9);
        expect(box.x + box.w / 2, where).toBeCloseTo(w / 2, 9);
        const lines = box.h / LINE;
        expect(Math.abs(lines - Math.round(lines)), where).toBeLessThan(1e-9);
        expect(Math.round(lines), where).toBeGreaterThanOrEqual(1);
        // Where a line fits, the box is inside the padded area (below a cylinder's rim).
        const top = outline === 'cylinder' ? 2 * cylinderCap(w, h) + SHAPE_TEXT.padY : SHAPE_TEXT.padY;
        if (h - SHAPE_TEXT.padY - top >= LINE) {
          expect(box.y, where).toBeGreaterThanOrEqual(top - 1e-9);
          expect(box.y + box.h, where).toBeLessThanOrEqual(h - SHAPE_TEXT.padY + 1e-9);
        }
      }
  });

  test('SHAPE-2 an ellipse keeps its label inside the ellipse', () => {
    const [w, h] = [200, 120];
    const box = shapeLabelBox('ellipse', w, h);
    const inside = (px: number, py: number) => ((px - w / 2) / (w / 2)) ** 2 + ((py - h / 2) / (h / 2)) ** 2 <= 1;
    for (const [px, py] of [
      [box.x, box.y],
      [box.x + box.w, box.y],
      [box.x, box.y + box.h],
      [box.x + box.w, box.y + box.h],
    ] as const)
      expect(inside(px, py)).toBe(true);
  });

  test('SHAPE-2 labels wrap to the label box, keep their newlines, and are cut to the lines it holds', () => {
    const long = 'Payments ledger service with a long name that wraps over several lines';
    for (const outline of outlines) {
      const box = shapeLabelBox(outline, 160, 96);
      const lines = shapeLabelLines(long, outline, 160, 96);
      expect(lines.length, outline).toBe(Math.round(box.h / LINE));
      for (const line of lines) expect(textWidth(line, SHAPE_TEXT.fontSize, 400)).toBeLessThanOrEqual(box.w);
    }
    expect(shapeLabelLines('one\ntwo', 'rect', 160, 96)).toEqual(['one', 'two']);
    expect(shapeLabelLines('one\ntwo', 'none', 160, 40)).toEqual(['one']);
    expect(shapeLabelLines('', 'rect', 160, 96)).toEqual([]);
  });

  test('SHAPE-2 the text label and each shape have the label box their catalogue size gives', () => {
    const text = shapeLabelBox(catalogEntry('shape.text')!.outline!, 160, 40);
    expect([text.x, text.y, text.w, text.h].map((n) => Math.round(n * 100) / 100)).toEqual([8, 10.55, 144, 18.9]);
    expect(shapeLabelBox('rect', 160, 96).h).toBeCloseTo(4 * LINE, 9);
    expect(shapeLabelBox('cylinder', 160, 96).y).toBeGreaterThanOrEqual(2 * 14 + SHAPE_TEXT.padY);
  });
});

describe('cylinder outline', () => {
  test('the body closes on itself through both caps; the rim is the front of the top ellipse', () => {
    const box = strokeBox({ x: 0, y: 0, w: 160, h: 96 });
    expect(box).toEqual({ x: 0.75, y: 0.75, w: 158.5, h: 94.5 });
    const { body, rim } = cylinderPaths(box);
    expect(cylinderCap(158.5, 94.5)).toBe(14);
    expect(body).toBe('M0.75 14.75A79.25 14 0 0 1 159.25 14.75V81.25A79.25 14 0 0 1 0.75 81.25Z');
    expect(rim).toBe('M0.75 14.75A79.25 14 0 0 0 159.25 14.75');
  });
});

describe('SHAPE-5 the height that shows a whole label', () => {
  const long = 'All traffic is TLS terminated at the load balancer; internal calls use mTLS';
  test.each(['none', 'rect', 'ellipse', 'cylinder'] as Outline[])(
    '%s: every line kept, and no taller than needed',
    (outline) => {
      for (const [w, h] of [
        [160, 40],
        [160, 96],
        [120, 60],
        [300, 64],
      ] as const) {
        const fitted = shapeHeightToFit(long, outline, w, h);
        const all = wrapText(long, shapeLabelBox(outline, w, fitted).w, SHAPE_TEXT.fontSize, 400);
        expect(shapeLabelLines(long, outline, w, fitted)).toEqual(all);
        expect(fitted).toBeGreaterThanOrEqual(h);
        // Two pixels less would have cut a line (or the shape was tall enough already).
        if (fitted > h) expect(shapeHeightToFit(long, outline, w, fitted - 2)).toBe(fitted - 2 < h ? h : fitted);
      }
    },
  );

  test('a label that fits, or none, keeps the height', () => {
    expect(shapeHeightToFit('Ledger', 'cylinder', 160, 96)).toBe(96);
    expect(shapeHeightToFit('', 'none', 160, 40)).toBe(40);
    expect(shapeHeightToFit('one\ntwo\nthree', 'rect', 160, 400)).toBe(400);
    expect(shapeHeightToFit('one\ntwo\nthree', 'rect', 160, 40)).toBeGreaterThanOrEqual(3 * LINE + 2 * SHAPE_TEXT.padY);
  });
});

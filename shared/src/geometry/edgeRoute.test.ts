import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { connect, type NewEdge } from '../ops/edges';
import { addNode, type NewNode } from '../ops/nodes';
import { readBoard } from '../read/readBoard';
import type { NodeId } from '../schema/ids';
import { routeEdge, type EdgeRoute } from './edgeRoute';
import { layoutNodes, SERVICE_NODE, type Box } from './nodeGeometry';

/*
 * ROUTE-1: an edge between sides that face away from each other (a right handle to the
 * left handle of a node beside it on the left, a bottom handle to the top of a node above)
 * runs around its ends, not through them; React Flow's default course ran straight across
 * both nodes, on top of the edge the other way.
 * ROUTE-2: where the default course is clear of both ends, it is kept.
 */

const nid = (id: string) => id as NodeId;

function board(nodes: NewNode[], edges: NewEdge[]) {
  const doc = new Y.Doc();
  for (const node of nodes) if (!addNode(doc, node).ok) throw new Error(`node ${node.id}`);
  for (const edge of edges) if (!connect(doc, edge).ok) throw new Error(`edge ${edge.source} → ${edge.target}`);
  const read = readBoard(doc);
  const layouts = layoutNodes(read);
  const route = (source: string, target: string): EdgeRoute => {
    const edge = read.edges.find((e) => e.source === source && e.target === target)!;
    return routeEdge(edge, layouts)!;
  };
  const box = (id: string): Box => layouts.get(id)!.box;
  return { route, box };
}

/** Points every 2 px along the path (its corners joined by straight lines). */
function samples(route: EdgeRoute): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  route.points.forEach((p, i) => {
    const q = route.points[i + 1];
    if (!q) return void out.push(p);
    const steps = Math.max(1, Math.ceil(Math.hypot(q.x - p.x, q.y - p.y) / 2));
    for (let k = 0; k < steps; k++)
      out.push({ x: p.x + ((q.x - p.x) * k) / steps, y: p.y + ((q.y - p.y) * k) / steps });
  });
  return out;
}

/** The samples strictly inside `box` (1 px in from its border). */
const inside = (route: EdgeRoute, box: Box) =>
  samples(route).filter(
    (p) => p.x > box.x + 1 && p.x < box.x + box.w - 1 && p.y > box.y + 1 && p.y < box.y + box.h - 1,
  );

/** An icon node's icon (its side handles sit on it, so the path may pass beside it inside the node's box). */
const icon = (box: Box): Box => ({
  x: box.x + (box.w - SERVICE_NODE.iconSize) / 2,
  y: box.y + SERVICE_NODE.iconTop,
  w: SERVICE_NODE.iconSize,
  h: SERVICE_NODE.iconSize,
});

/** Whether `value` lies outside [start, start + length]. */
const outside = (value: number, start: number, length: number) => value < start || value > start + length;

describe('edges whose sides face away run around their ends', () => {
  test('ROUTE-1 a right handle to the left handle of the node beside it on the left runs around both', () => {
    const { route, box } = board(
      [
        { id: nid('lambda'), kind: 'aws.lambda', x: 0, y: 0 },
        { id: nid('table'), kind: 'aws.dynamodb', x: 200, y: 0 },
      ],
      [
        { source: nid('lambda'), target: nid('table'), sourceHandle: 'right', targetHandle: 'left' },
        { source: nid('table'), target: nid('lambda'), sourceHandle: 'right', targetHandle: 'left' },
      ],
    );
    const back = route('table', 'lambda');
    expect(inside(back, icon(box('table')))).toEqual([]);
    expect(inside(back, icon(box('lambda')))).toEqual([]);
    // It crosses over (above or below) both boxes, labels included, and its label sits there.
    for (const id of ['table', 'lambda']) expect(outside(back.labelY, box(id).y, box(id).h), id).toBe(true);
    const across = back.points.filter((p) => p.y === back.labelY);
    expect(Math.min(...across.map((p) => p.x))).toBeLessThan(icon(box('lambda')).x);
    expect(Math.max(...across.map((p) => p.x))).toBeGreaterThan(icon(box('table')).x + SERVICE_NODE.iconSize);
    // The edge the other way keeps React Flow's straight course between the two.
    const forth = route('lambda', 'table');
    expect(new Set(forth.points.map((p) => p.y)).size).toBe(1);
  });

  test('ROUTE-1 a bottom handle to the top of the node above runs beside both', () => {
    const { route, box } = board(
      [
        { id: nid('api'), kind: 'aws.api-gateway', x: 0, y: 0 },
        { id: nid('fn'), kind: 'aws.lambda', x: 20, y: 240 },
      ],
      [{ source: nid('fn'), target: nid('api'), sourceHandle: 'bottom', targetHandle: 'top' }],
    );
    const up = route('fn', 'api');
    expect(inside(up, icon(box('fn')))).toEqual([]);
    expect(inside(up, icon(box('api')))).toEqual([]);
    for (const id of ['fn', 'api']) expect(outside(up.labelX, box(id).x, box(id).w), id).toBe(true);
  });

  test('ROUTE-1 a node inside a container, back to the container on its left, runs around the container', () => {
    const { route, box } = board(
      [
        { id: nid('vpc'), kind: 'group.vpc', x: 0, y: 0, w: 400, h: 240 },
        { id: nid('fn'), kind: 'aws.lambda', x: 140, y: 80, parent: nid('vpc') },
      ],
      [{ source: nid('fn'), target: nid('vpc'), sourceHandle: 'right', targetHandle: 'left' }],
    );
    const out = route('fn', 'vpc');
    expect(inside(out, icon(box('fn')))).toEqual([]);
    expect(outside(out.labelY, box('vpc').y, box('vpc').h)).toBe(true);
  });

  test('ROUTE-2 turning back between rows far apart keeps the course half-way between them', () => {
    const { route, box } = board(
      [
        { id: nid('a'), kind: 'aws.lambda', x: 0, y: 0 },
        { id: nid('b'), kind: 'aws.sqs', x: 400, y: 400 },
      ],
      [{ source: nid('b'), target: nid('a'), sourceHandle: 'right', targetHandle: 'left' }],
    );
    const back = route('b', 'a');
    expect(inside(back, icon(box('a')))).toEqual([]);
    expect(inside(back, icon(box('b')))).toEqual([]);
    expect(back.labelY).toBeCloseTo((back.points[0]!.y + back.points.at(-1)!.y) / 2, 5);
  });
});

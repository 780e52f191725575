import { getSmoothStepPath, Position } from '@xyflow/system';
import type { BoardEdge } from '../schema/edgeRecord';
import { facingSides, handlePoint, isSide, type Box, type NodeLayout, type Side } from './nodeGeometry';

/** The canvas's edge shape (client/src/canvas/edges/ArchEdge.tsx): rounded orthogonal steps. */
export const EDGE_PATH_OPTIONS = { borderRadius: 10, offset: 20 } as const;

const POSITION: Record<Side, Position> = {
  top: Position.Top,
  right: Position.Right,
  bottom: Position.Bottom,
  left: Position.Left,
};

export interface EdgeRoute {
  edge: BoardEdge;
  sourceSide: Side;
  targetSide: Side;
  /** SVG path data, exactly as React Flow's smooth-step edge draws it. */
  path: string;
  /** Where the label sits (the middle of the path). */
  labelX: number;
  labelY: number;
  /** Every corner of the path, for bounds and for tests that sample along it. */
  points: { x: number; y: number }[];
}

/** The sides an edge runs between: its stored handles, or the facing sides when it has none. */
export function edgeSides(edge: BoardEdge, source: Box, target: Box): { source: Side; target: Side } {
  const facing = facingSides(source, target);
  return {
    source: isSide(edge.sourceHandle) ? edge.sourceHandle : facing.source,
    target: isSide(edge.targetHandle) ? edge.targetHandle : facing.target,
  };
}

/**
 * Where the path turns when React Flow's default would run it through one of its ends:
 * `centerY` (or `centerX`) for React Flow's smooth-step path, or nothing.
 */
export interface EdgeDetour {
  centerX?: number;
  centerY?: number;
}

/** How an edge runs between laid-out ends: its sides, where it leaves and enters, and its detour. */
export interface EdgeCourse {
  sides: { source: Side; target: Side };
  from: { x: number; y: number };
  to: { x: number; y: number };
  detour: EdgeDetour;
}

/** The canvas and the exports both draw an edge along this course. */
export function edgeCourse(edge: BoardEdge, source: NodeLayout, target: NodeLayout): EdgeCourse {
  const sides = edgeSides(edge, source.box, target.box);
  const from = handlePoint(source, sides.source);
  const to = handlePoint(target, sides.target);
  return { sides, from, to, detour: edgeDetour(sides, from, to, source.box, target.box) };
}

const OUTWARD: Record<Side, { x: number; y: number }> = {
  top: { x: 0, y: -1 },
  right: { x: 1, y: 0 },
  bottom: { x: 0, y: 1 },
  left: { x: -1, y: 0 },
};

const NO_DETOUR: EdgeDetour = {};

/**
 * An edge between sides that face away from each other along one axis (a right handle to
 * the left handle of a node to its left, a bottom handle to the top of a node above) turns
 * back: React Flow's smooth-step path runs out of the source, across at the middle between
 * the two ends, and into the target. Between two nodes side by side that middle lies inside
 * both, and the path ran straight through them, over the edge the other way. Then it runs
 * across below (or above) both boxes instead, on the side nearer the middle; for a vertical
 * pair, beside them. Elsewhere, React Flow's own course.
 */
export function edgeDetour(
  sides: { source: Side; target: Side },
  from: { x: number; y: number },
  to: { x: number; y: number },
  source: Box,
  target: Box,
): EdgeDetour {
  const { offset } = EDGE_PATH_OPTIONS;
  const out = OUTWARD[sides.source];
  const into = OUTWARD[sides.target];
  if (out.x !== -into.x || out.y !== -into.y) return NO_DETOUR;
  const horizontal = out.x !== 0;
  const axis = horizontal ? 'x' : 'y';
  // React Flow's direction: from the source's gapped point to the target's, along the sides' axis.
  const forward = from[axis] + out[axis] * offset < to[axis] + into[axis] * offset ? 1 : -1;
  if (forward === out[axis]) return NO_DETOUR;
  // The path crosses along the other axis, at the middle between the ends by default.
  const across = horizontal ? 'y' : 'x';
  const middle = (from[across] + to[across]) / 2;
  const start = (box: Box) => (horizontal ? box.y : box.x);
  const length = (box: Box) => (horizontal ? box.h : box.w);
  const clear = (box: Box) => middle <= start(box) - offset / 2 || middle >= start(box) + length(box) + offset / 2;
  if (clear(source) && clear(target)) return NO_DETOUR;
  const before = Math.min(start(source), start(target)) - offset;
  const after = Math.max(start(source) + length(source), start(target) + length(target)) + offset;
  const centre = middle - before < after - middle ? before : after;
  return horizontal ? { centerY: centre } : { centerX: centre };
}

/** Routes one edge between laid-out nodes; undefined when an end is missing. */
export function routeEdge(edge: BoardEdge, layouts: ReadonlyMap<string, NodeLayout>): EdgeRoute | undefined {
  const source = layouts.get(edge.source);
  const target = layouts.get(edge.target);
  if (!source || !target) return undefined;
  const { sides, from, to, detour } = edgeCourse(edge, source, target);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX: from.x,
    sourceY: from.y,
    sourcePosition: POSITION[sides.source],
    targetX: to.x,
    targetY: to.y,
    targetPosition: POSITION[sides.target],
    ...EDGE_PATH_OPTIONS,
    ...detour,
  });
  return { edge, sourceSide: sides.source, targetSide: sides.target, path, labelX, labelY, points: pathPoints(path) };
}

/** The coordinates named in a path's data (move, line, and the ends of its curves). */
export function pathPoints(path: string): { x: number; y: number }[] {
  const numbers = path.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)?.map(Number) ?? [];
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) points.push({ x: numbers[i]!, y: numbers[i + 1]! });
  return points;
}

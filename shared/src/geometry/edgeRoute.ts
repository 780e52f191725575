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

/** Routes one edge between laid-out nodes; undefined when an end is missing. */
export function routeEdge(edge: BoardEdge, layouts: ReadonlyMap<string, NodeLayout>): EdgeRoute | undefined {
  const source = layouts.get(edge.source);
  const target = layouts.get(edge.target);
  if (!source || !target) return undefined;
  const sides = edgeSides(edge, source.box, target.box);
  const from = handlePoint(source, sides.source);
  const to = handlePoint(target, sides.target);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX: from.x,
    sourceY: from.y,
    sourcePosition: POSITION[sides.source],
    targetX: to.x,
    targetY: to.y,
    targetPosition: POSITION[sides.target],
    ...EDGE_PATH_OPTIONS,
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

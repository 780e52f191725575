import {
  absolutePosition,
  catalogEntry,
  withDescendants,
  type Board,
  type BoardNode,
  type NodeId,
} from '@archboard/shared';
import type { Size } from './ViewStore';

export interface Point {
  x: number;
  y: number;
}

export interface Rect extends Point {
  width: number;
  height: number;
}

const contains = (r: Rect, p: Point) => p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;

const isContainer = (node: BoardNode) => catalogEntry(node.kind)?.shape === 'group';

/** A container's rectangle on the canvas (absolute coordinates). */
export function containerRect(board: Pick<Board, 'nodes'>, node: BoardNode): Rect | undefined {
  const at = absolutePosition(board, node.id);
  const size = catalogEntry(node.kind)?.size;
  const width = node.w ?? size?.w;
  const height = node.h ?? size?.h;
  if (!at || width === undefined || height === undefined) return undefined;
  return { ...at, width, height };
}

function depthOf(byId: ReadonlyMap<string, BoardNode>, node: BoardNode): number {
  let depth = 0;
  for (let at = node.parent ? byId.get(node.parent) : undefined; at && depth <= byId.size; depth++) {
    at = at.parent ? byId.get(at.parent) : undefined;
  }
  return depth;
}

/**
 * The innermost container whose rectangle holds `point`, skipping `exclude` (a dragged
 * node and everything inside it). With `minArea`, only containers larger than that
 * qualify, so dropping a big container never nests it in a smaller one by accident.
 * Among equally deep containers the one drawn last (on top) wins. Null: the bare canvas.
 */
export function findDropContainer(
  board: Pick<Board, 'nodes'>,
  point: Point,
  exclude: ReadonlySet<string> = new Set(),
  minArea = 0,
): NodeId | null {
  const byId = new Map(board.nodes.map((n) => [n.id as string, n]));
  let best: { id: NodeId; depth: number } | null = null;
  for (const node of board.nodes) {
    if (!isContainer(node) || exclude.has(node.id)) continue;
    const rect = containerRect(board, node);
    if (!rect || rect.width * rect.height <= minArea || !contains(rect, point)) continue;
    const depth = depthOf(byId, node);
    if (!best || depth >= best.depth) best = { id: node.id, depth };
  }
  return best?.id ?? null;
}

/** `position` (absolute) expressed relative to `parent`, or unchanged for the bare canvas. */
export function relativeTo(board: Pick<Board, 'nodes'>, parent: NodeId | null, position: Point): Point {
  if (parent === null) return position;
  const origin = absolutePosition(board, parent) ?? { x: 0, y: 0 };
  return { x: position.x - origin.x, y: position.y - origin.y };
}

/**
 * What a drag of `draggedIds` can land in: every container but the dragged ones and those
 * inside them (they move with the drag); and which nodes are `carried`, sitting in a dragged
 * container, at any depth, so that they stay where they are in it.
 */
export function dragLanding(
  board: Pick<Board, 'nodes'>,
  draggedIds: readonly string[],
): { spots: Pick<Board, 'nodes'>; carried: (node: BoardNode) => boolean } {
  const links = new Map(board.nodes.map((n) => [n.id as string, n.parent as string | undefined]));
  const moving = withDescendants(links, draggedIds as readonly NodeId[]);
  return {
    spots: { nodes: board.nodes.filter((n) => isContainer(n) && !moving.has(n.id)) },
    carried: (node) => node.parent !== undefined && moving.has(node.parent),
  };
}

/**
 * Where a dragged node lands, its box at `at` (absolute) of `size`: in the innermost of
 * `spots` that holds its centre, a container only in a bigger one; null on the bare canvas.
 */
export function landingContainer(spots: Pick<Board, 'nodes'>, node: BoardNode, at: Point, size: Size): NodeId | null {
  const centre = { x: at.x + size.width / 2, y: at.y + size.height / 2 };
  return findDropContainer(spots, centre, undefined, isContainer(node) ? size.width * size.height : 0);
}

/**
 * While a node is dragged: the container it would join if let go now, by the rule
 * `reparentDragged` applies at the drop (`landingContainer` among the `dragLanding` spots),
 * or null where it would stay in the one it is in or land on the bare canvas. Made when the
 * drag starts, from the board then (containers do not move in a drag unless dragged, and
 * those are left out); undefined when there is nothing to join, so most drags do no more
 * per frame. `position` is the grabbed node's, relative to its container, as React Flow
 * reports it.
 */
export function dropProbe(
  board: Pick<Board, 'nodes'>,
  grabbed: string,
  draggedIds: readonly string[],
): ((position: Point, size: Size) => NodeId | null) | undefined {
  const node = board.nodes.find((n) => n.id === grabbed);
  if (!node) return undefined;
  const { spots, carried } = dragLanding(board, draggedIds);
  if (spots.nodes.length === 0 || carried(node)) return undefined;
  const origin = (node.parent && absolutePosition(board, node.parent)) || { x: 0, y: 0 };
  const current = node.parent ?? null;
  return (position, size) => {
    const target = landingContainer(spots, node, { x: origin.x + position.x, y: origin.y + position.y }, size);
    return target === current ? null : target;
  };
}

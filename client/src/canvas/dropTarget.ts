import { absolutePosition, catalogEntry, type Board, type BoardNode, type NodeId } from '@archboard/shared';

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

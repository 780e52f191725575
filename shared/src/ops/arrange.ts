import type * as Y from 'yjs';
import { catalogEntry } from '../catalog/catalog';
import { layoutNodes, unionBox, type Box } from '../geometry/nodeGeometry';
import { readBoard, type Board } from '../read/readBoard';
import { nodeMap, NODE_KEYS } from '../schema/docLayout';
import type { NodeId } from '../schema/ids';
import type { BoardNode } from '../schema/nodeRecord';
import { moveNodes } from './nodes';
import { ok, type Result } from './result';

/*
 * Arranging works on what the canvas shows: absolute boxes from `layoutNodes` (icon nodes
 * at their real height), read once through `readBoard`. Positions go back into the doc
 * relative to each node's own parent, so arranging never re-parents anything. Ids that
 * are not on the board are ignored, as `moveNodes` ignores them: a peer may have deleted
 * a selected node a moment ago, and that is not the user's mistake.
 */

export const ALIGN_EDGES = ['left', 'center', 'right', 'top', 'middle', 'bottom'] as const;
export type AlignEdge = (typeof ALIGN_EDGES)[number];

export const DISTRIBUTE_AXES = ['horizontal', 'vertical'] as const;
export type DistributeAxis = (typeof DISTRIBUTE_AXES)[number];

/** The selected nodes that exist, in `readBoard`'s order (parents first), with their boxes. */
function selected(board: Board, ids: readonly NodeId[]): { node: BoardNode; box: Box }[] {
  const wanted = new Set(ids);
  const layouts = layoutNodes(board);
  return board.nodes.filter((n) => wanted.has(n.id)).map((node) => ({ node, box: layouts.get(node.id)!.box }));
}

/**
 * Writes absolute targets as positions relative to each node's parent, as it will be
 * after the move: when a container and something inside it are both selected, the inner
 * node's target already accounts for where its container lands.
 */
function applyTargets(
  doc: Y.Doc,
  board: Board,
  targets: ReadonlyMap<NodeId, { x: number; y: number }>,
  origin: unknown,
): Result<number> {
  if (targets.size === 0) return ok(0);
  const absolute = new Map<NodeId, { x: number; y: number }>();
  const moves: { id: NodeId; x: number; y: number }[] = [];
  for (const node of board.nodes) {
    const parent = node.parent ? absolute.get(node.parent) : undefined;
    const base = parent ?? { x: 0, y: 0 };
    const target = targets.get(node.id);
    absolute.set(node.id, target ?? { x: base.x + node.x, y: base.y + node.y });
    if (!target) continue;
    const x = target.x - base.x;
    const y = target.y - base.y;
    if (x !== node.x || y !== node.y) moves.push({ id: node.id, x, y });
  }
  if (moves.length === 0) return ok(0);
  return moveNodes(doc, moves, origin);
}

/**
 * Lines up the selected nodes' boxes on one edge or centre line of the box around them
 * all (`center` and `middle` are the horizontal and vertical centre lines), in one
 * transaction. Returns how many nodes moved; fewer than two nodes is nothing to align.
 */
export function alignNodes(doc: Y.Doc, ids: readonly NodeId[], edge: AlignEdge, origin?: unknown): Result<number> {
  const board = readBoard(doc);
  const items = selected(board, ids);
  const around = unionBox(items.map((i) => i.box));
  if (items.length < 2 || !around) return ok(0);
  const targets = new Map<NodeId, { x: number; y: number }>();
  for (const { node, box } of items) {
    let { x, y } = box;
    if (edge === 'left') x = around.x;
    else if (edge === 'center') x = around.x + (around.w - box.w) / 2;
    else if (edge === 'right') x = around.x + around.w - box.w;
    else if (edge === 'top') y = around.y;
    else if (edge === 'middle') y = around.y + (around.h - box.h) / 2;
    else y = around.y + around.h - box.h;
    targets.set(node.id, { x, y });
  }
  return applyTargets(doc, board, targets, origin);
}

/**
 * Spaces the selected nodes so that the gaps between neighbouring boxes along `axis` are
 * equal. The first and the last box (by left or top edge) stay where they are; the others
 * keep their order and their position on the other axis. Needs at least three nodes;
 * with fewer it changes nothing and returns 0. Returns how many nodes moved.
 */
export function distributeNodes(
  doc: Y.Doc,
  ids: readonly NodeId[],
  axis: DistributeAxis,
  origin?: unknown,
): Result<number> {
  const board = readBoard(doc);
  const horizontal = axis === 'horizontal';
  const start = (b: Box) => (horizontal ? b.x : b.y);
  const length = (b: Box) => (horizontal ? b.w : b.h);
  const items = selected(board, ids).sort(
    (a, b) =>
      start(a.box) - start(b.box) ||
      start(a.box) + length(a.box) - (start(b.box) + length(b.box)) ||
      (a.node.id < b.node.id ? -1 : 1),
  );
  const first = items[0];
  const last = items[items.length - 1];
  if (items.length < 3 || !first || !last) return ok(0);
  const span = start(last.box) + length(last.box) - start(first.box);
  const gap = (span - items.reduce((sum, i) => sum + length(i.box), 0)) / (items.length - 1);
  const targets = new Map<NodeId, { x: number; y: number }>();
  let at = start(first.box);
  for (const [index, { node, box }] of items.entries()) {
    // The ends are pinned exactly: summing gaps could leave the last box a rounding error off.
    const position = index === 0 ? start(first.box) : index === items.length - 1 ? start(last.box) : at;
    targets.set(node.id, horizontal ? { x: position, y: box.y } : { x: box.x, y: position });
    at += length(box) + gap;
  }
  return applyTargets(doc, board, targets, origin);
}

const isContainer = (node: BoardNode) => catalogEntry(node.kind)?.shape === 'group';

/** Siblings that `readBoard` orders by `z` against each other: same parent, same class. */
const stackKey = (node: BoardNode) => `${isContainer(node) ? 'group' : 'other'}\u0000${node.parent ?? ''}`;

function restack(doc: Y.Doc, ids: readonly NodeId[], toFront: boolean, origin: unknown): Result<number> {
  const board = readBoard(doc);
  const wanted = new Set(ids);
  // board.nodes is already in z order (then id) within each stack, which is the order to keep.
  const stacks = new Map<string, { chosen: BoardNode[]; others: BoardNode[] }>();
  for (const node of board.nodes) {
    const key = stackKey(node);
    const stack = stacks.get(key) ?? { chosen: [], others: [] };
    stacks.set(key, stack);
    (wanted.has(node.id) ? stack.chosen : stack.others).push(node);
  }
  const writes: { id: NodeId; z: number }[] = [];
  for (const { chosen, others } of stacks.values()) {
    if (chosen.length === 0 || others.length === 0) continue;
    const zs = others.map((n) => n.z);
    if (toFront) {
      const top = Math.max(...zs);
      if (chosen.every((n) => n.z > top)) continue; // already in front: writing would only churn
      chosen.forEach((n, i) => writes.push({ id: n.id, z: top + 1 + i }));
    } else {
      const bottom = Math.min(...zs);
      if (chosen.every((n) => n.z < bottom)) continue;
      chosen.forEach((n, i) => writes.push({ id: n.id, z: bottom - chosen.length + i }));
    }
  }
  if (writes.length === 0) return ok(0);
  doc.transact(() => {
    for (const { id, z } of writes) nodeMap(doc, id)?.set(NODE_KEYS.z, z);
  }, origin);
  return ok(writes.length);
}

/**
 * Puts the selected nodes in front of their siblings: `z` above the highest of the
 * unselected nodes with the same parent and the same class (containers are stacked
 * among containers, everything else among everything else, as `readBoard` orders them).
 * The selection keeps its own order. One transaction; returns how many nodes changed.
 */
export function bringToFront(doc: Y.Doc, ids: readonly NodeId[], origin?: unknown): Result<number> {
  return restack(doc, ids, true, origin);
}

/** Like `bringToFront`, but behind: `z` below the lowest of the unselected siblings. */
export function sendToBack(doc: Y.Doc, ids: readonly NodeId[], origin?: unknown): Result<number> {
  return restack(doc, ids, false, origin);
}

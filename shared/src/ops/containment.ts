import type * as Y from 'yjs';
import { layoutNodes, type Box } from '../geometry/nodeGeometry';
import { readBoard } from '../read/readBoard';
import type { NodeId } from '../schema/ids';
import { reparentNode } from './nodes';
import { ok, type Result } from './result';

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;

/**
 * After a container was resized: every direct child no longer wholly inside it leaves it
 * for the container's own parent (or the canvas), staying where it is on screen. So a
 * child is never drawn outside its container while still moving and being deleted with
 * it. One transaction; returns the children that moved out.
 */
export function settleChildren(doc: Y.Doc, container: NodeId, origin?: unknown): Result<NodeId[]> {
  const board = readBoard(doc);
  const layouts = layoutNodes(board);
  const box = layouts.get(container)?.box;
  if (!box) return ok([]);
  const grandparent = board.nodes.find((n) => n.id === container)?.parent;
  const base = grandparent ? layouts.get(grandparent)?.box : undefined;
  const moved: NodeId[] = [];
  doc.transact(() => {
    for (const layout of layouts.values()) {
      if (layout.node.parent !== container || inside(layout.box, box)) continue;
      const at = { x: layout.box.x - (base?.x ?? 0), y: layout.box.y - (base?.y ?? 0) };
      if (reparentNode(doc, layout.node.id, grandparent ?? null, at, origin).ok) moved.push(layout.node.id);
    }
  }, origin);
  return ok(moved);
}

import type * as Y from 'yjs';
import { absolutePosition, keepInside, readBoard, reparentNode, type NodeId } from '@archboard/shared';
import { dragLanding, landingContainer, relativeTo } from './dropTarget';
import type { Size } from './ViewStore';

/**
 * After a drag: each dragged node whose centre now lies inside a container (other than
 * itself or something nested in it) moves into the innermost such container; one
 * dragged out of its container goes back onto the canvas. Positions are recomputed from
 * absolute coordinates, so nothing jumps. Nodes dragged together with a container they are
 * in stay where they are in it, and none joins a container that moved with the drag (the
 * rule `dropProbe` shows while dragging). A node let go over its container's edge then moves in, or the
 * container grows to hold it (`keepInside`): a child is drawn inside its container.
 */
export function reparentDragged(
  doc: Y.Doc,
  draggedIds: readonly string[],
  sizeOf: (id: string) => Size | undefined,
  origin: unknown,
): void {
  const board = readBoard(doc);
  const byId = new Map(board.nodes.map((n) => [n.id as string, n]));
  const { spots, carried } = dragLanding(board, draggedIds);
  const moved: NodeId[] = [];
  doc.transact(() => {
    for (const id of draggedIds) {
      const node = byId.get(id);
      if (!node || carried(node)) continue;
      moved.push(node.id);
      const at = absolutePosition(board, node.id);
      const size = sizeOf(id) ?? (node.w && node.h ? { width: node.w, height: node.h } : undefined);
      if (!at || !size) continue;
      const target = landingContainer(spots, node, at, size);
      if (target === (node.parent ?? null)) continue;
      const result = reparentNode(doc, node.id, target, relativeTo(board, target, at), origin);
      if (!result.ok) console.warn(`archboard: could not move ${id} into ${target}: ${result.error.message}`);
    }
    keepInside(doc, moved, origin);
  }, origin);
}

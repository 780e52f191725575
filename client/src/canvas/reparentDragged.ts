import type * as Y from 'yjs';
import {
  absolutePosition,
  catalogEntry,
  keepInside,
  parentLinks,
  readBoard,
  reparentNode,
  withDescendants,
  type NodeId,
} from '@archboard/shared';
import { findDropContainer, relativeTo } from './dropTarget';
import type { Size } from './ViewStore';

/**
 * After a drag: each dragged node whose centre now lies inside a container (other than
 * itself or something nested in it) moves into the innermost such container; one
 * dragged out of its container goes back onto the canvas. Positions are recomputed from
 * absolute coordinates, so nothing jumps. Nodes dragged together with their container
 * stay where they are in it. A node let go over its container's edge then moves in, or the
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
  const dragged = new Set(draggedIds);
  const links = parentLinks(doc);
  const moved: NodeId[] = [];
  doc.transact(() => {
    for (const id of draggedIds) {
      const node = byId.get(id);
      if (!node || (node.parent && dragged.has(node.parent))) continue;
      moved.push(node.id);
      const at = absolutePosition(board, node.id);
      const entry = catalogEntry(node.kind);
      const size = sizeOf(id) ?? (node.w && node.h ? { width: node.w, height: node.h } : undefined);
      if (!at || !size || !entry) continue;
      const center = { x: at.x + size.width / 2, y: at.y + size.height / 2 };
      const exclude = withDescendants(links, [node.id]);
      const minArea = entry.shape === 'group' ? size.width * size.height : 0;
      const target = findDropContainer(board, center, exclude, minArea);
      if (target === (node.parent ?? null)) continue;
      const result = reparentNode(doc, node.id, target as NodeId | null, relativeTo(board, target, at), origin);
      if (!result.ok) console.warn(`archboard: could not move ${id} into ${target}: ${result.error.message}`);
    }
    keepInside(doc, moved, origin);
  }, origin);
}

import type * as Y from 'yjs';
import { layoutNodes, type Box } from '../geometry/nodeGeometry';
import { readBoard } from '../read/readBoard';
import { nodeMap, NODE_KEYS } from '../schema/docLayout';
import type { NodeId } from '../schema/ids';
import { AUTO_LAYOUT } from './layout';
import { moveNodes, reparentNode, resizeNode } from './nodes';
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

/**
 * After a drag or a drop: each of `ids` that sits in a container without being wholly inside
 * it moves in, to the container's padding (auto-layout's) on each side it crossed, so a node
 * let go over a container's edge is drawn inside the container it now belongs to, as
 * `settleChildren` keeps children after a resize. A node too big for the room left makes its
 * container grow right and down to hold it, and each container around that one in turn; a
 * node wholly inside stays where it is, even over the container's name. One transaction;
 * returns the nodes moved.
 */
export function keepInside(doc: Y.Doc, ids: readonly NodeId[], origin?: unknown): Result<NodeId[]> {
  // Most drags move top-level nodes: those need no reading of the whole board.
  if (!ids.some((id) => typeof nodeMap(doc, id)?.get(NODE_KEYS.parent) === 'string')) return ok([]);
  const layouts = layoutNodes(readBoard(doc));
  /** Containers' sizes as this call leaves them (a second child sees the first one's growth). */
  const sizes = new Map<string, { w: number; h: number }>();
  const sizeOf = (id: string, box: Box) => sizes.get(id) ?? { w: box.w, h: box.h };
  const { padding, paddingTop } = AUTO_LAYOUT;
  const moved: NodeId[] = [];

  /** Grows `container` to reach `right` and `bottom` (its own coordinates), then its parent to hold it. */
  const grow = (container: string, right: number, bottom: number) => {
    for (let id: string | undefined = container, depth = 0; id !== undefined && depth < layouts.size; depth++) {
      const layout = layouts.get(id);
      if (!layout) return;
      const size = sizeOf(id, layout.box);
      if (right <= size.w && bottom <= size.h) return;
      const next = { w: Math.max(size.w, right), h: Math.max(size.h, bottom) };
      resizeNode(doc, layout.node.id, next, origin);
      sizes.set(id, next);
      const parent = layout.node.parent ? layouts.get(layout.node.parent) : undefined;
      if (!parent) return;
      right = layout.box.x - parent.box.x + next.w + padding;
      bottom = layout.box.y - parent.box.y + next.h + padding;
      id = parent.node.id;
    }
  };

  doc.transact(() => {
    for (const id of ids) {
      const layout = layouts.get(id);
      const parent = layout?.node.parent ? layouts.get(layout.node.parent) : undefined;
      if (!layout || !parent) continue;
      const { w, h } = layout.box;
      const room = sizeOf(parent.node.id, parent.box);
      const x = layout.box.x - parent.box.x;
      const y = layout.box.y - parent.box.y;
      if (x >= 0 && y >= 0 && x + w <= room.w && y + h <= room.h) continue;
      const to = {
        x: x < 0 ? padding : x + w > room.w ? Math.max(padding, room.w - padding - w) : x,
        y: y < 0 ? paddingTop : y + h > room.h ? Math.max(paddingTop, room.h - padding - h) : y,
      };
      moveNodes(doc, [{ id, ...to }], origin);
      moved.push(id);
      grow(parent.node.id, to.x + w + padding, to.y + h + padding);
    }
  }, origin);
  return ok(moved);
}

/**
 * After an import: each container among `ids` grows to hold its children where the file put
 * them, so none is drawn outside the container it moves and is deleted with (a hand-written
 * file may put one anywhere). An edge a child crosses moves out to auto-layout's padding
 * beyond it (a child left of or above the container's corner takes the corner out with it);
 * every child keeps its place on the canvas, and a board whose children are all inside is
 * left as it is. Deepest containers first, so an outer one holds an inner one as
 * grown. Containers are never shrunk. One transaction; returns the containers changed.
 */
export function fitContainers(doc: Y.Doc, ids: readonly NodeId[], origin?: unknown): Result<NodeId[]> {
  const board = readBoard(doc);
  const layouts = layoutNodes(board);
  const { padding, paddingTop } = AUTO_LAYOUT;
  /** Positions (in the parent's coordinates) and sizes as this call leaves them. */
  const at = new Map(board.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
  const size = new Map([...layouts].map(([id, l]) => [id, { w: l.box.w, h: l.box.h }]));
  const children = new Map<string, NodeId[]>();
  for (const n of board.nodes) {
    if (n.parent === undefined) continue;
    const list = children.get(n.parent);
    if (list) list.push(n.id);
    else children.set(n.parent, [n.id]);
  }
  // readBoard lists parents before children: backwards, every container comes before its own.
  const wanted = new Set<string>(ids);
  const containers = board.nodes
    .filter((n) => wanted.has(n.id) && children.has(n.id))
    .map((n) => n.id)
    .reverse();
  const changed: NodeId[] = [];
  doc.transact(() => {
    for (const id of containers) {
      const kids = children.get(id)!.map((kid) => ({ id: kid, ...at.get(kid)!, ...size.get(kid)! }));
      const own = { ...at.get(id)!, ...size.get(id)! };
      // Out past an edge: to the padding beyond it. A child wholly inside changes nothing.
      const left = Math.min(...kids.map((k) => k.x));
      const top = Math.min(...kids.map((k) => k.y));
      const dx = left < 0 ? padding - left : 0;
      const dy = top < 0 ? paddingTop - top : 0;
      const right = Math.max(...kids.map((k) => k.x + dx + k.w));
      const bottom = Math.max(...kids.map((k) => k.y + dy + k.h));
      const w = right > own.w + dx ? right + padding : own.w + dx;
      const h = bottom > own.h + dy ? bottom + padding : own.h + dy;
      if (dx === 0 && dy === 0 && w === own.w && h === own.h) continue;
      resizeNode(doc, id, { w, h, x: own.x - dx, y: own.y - dy }, origin);
      at.set(id, { x: own.x - dx, y: own.y - dy });
      size.set(id, { w, h });
      if (dx !== 0 || dy !== 0) {
        const moves = kids.map((k) => ({ id: k.id, x: k.x + dx, y: k.y + dy }));
        moveNodes(doc, moves, origin);
        for (const m of moves) at.set(m.id, { x: m.x, y: m.y });
      }
      changed.push(id);
    }
  }, origin);
  return ok(changed);
}

import { graphlib, layout as dagreLayout } from '@dagrejs/dagre';
import type * as Y from 'yjs';
import { GROUP_HEADER, layoutNodes } from '../geometry/nodeGeometry';
import { readBoard } from '../read/readBoard';
import { nodeMap, NODE_KEYS } from '../schema/docLayout';
import type { NodeId } from '../schema/ids';
import type { BoardNode } from '../schema/nodeRecord';
import { ok, type Result } from './result';
import { isContainerKind } from './rules';

/*
 * Automatic layout with dagre, one level of the tree at a time, innermost first: a
 * container's children are laid out inside it, the container is sized to fit them, and
 * then it takes part in its own parent's layout as one box. dagre never sees the nesting
 * (its compound mode may move a node out of its cluster's box), so the tree stays as it is
 * and every child stays inside its container by construction.
 */

export const LAYOUT_DIRECTIONS = ['LR', 'TB'] as const;
export type LayoutDirection = (typeof LAYOUT_DIRECTIONS)[number];

/** Spacing of an automatic layout, in canvas pixels. */
export const AUTO_LAYOUT = {
  /** Between neighbours in one rank. */
  nodeGap: 48,
  /** Between ranks (the columns of `LR`, the rows of `TB`). */
  rankGap: 80,
  /** Inside a container, left, right and below its contents. */
  padding: 24,
  /** Above a container's contents: its header (icon and name) plus the padding. */
  paddingTop: GROUP_HEADER.iconSize + 24,
  /** A container holding little is not made smaller than this, so its header stays legible. */
  minContainer: { w: 200, h: 120 },
} as const;

export interface AutoLayoutOptions {
  /** Lay out only these nodes and what is nested in them; the whole board when absent. */
  ids?: readonly NodeId[];
  direction: LayoutDirection;
}

interface Placed {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Lays the board out (or only `ids` and what they hold) as a layered graph, with edges
 * running left to right (`LR`) or top to bottom (`TB`). Only edges between laid-out
 * nodes count; an edge into a container's contents pulls on the container at the levels
 * above. Containers are sized to fit what they hold; nothing is re-parented.
 *
 * Each laid-out group keeps its top-left corner where it was (for the whole board: the
 * top-left of the top-level content). When the group sits inside a container that is not
 * laid out itself, that container and its ancestors grow to hold it; they never shrink.
 *
 * One transaction, so one undo step. No two sibling boxes among the laid-out nodes
 * overlap afterwards. Returns the ids of the nodes laid out.
 */
export function autoLayout(doc: Y.Doc, options: AutoLayoutOptions, origin?: unknown): Result<NodeId[]> {
  const board = readBoard(doc);
  const layouts = layoutNodes(board);
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  const childrenOf = new Map<NodeId | undefined, BoardNode[]>();
  for (const node of board.nodes) {
    const siblings = childrenOf.get(node.parent) ?? [];
    siblings.push(node);
    childrenOf.set(node.parent, siblings);
  }

  const inScope = scope(board.nodes, options.ids);
  if (inScope.size === 0) return ok([]);
  const placed = new Map<NodeId, Placed>();
  for (const node of board.nodes) {
    const { w, h } = layouts.get(node.id)!.box;
    placed.set(node.id, { x: node.x, y: node.y, w, h });
  }

  // The nodes of one level, and the edges between them that the level inherits from deeper ones.
  const edgesAt = (parent: NodeId | undefined, level: Set<NodeId>): LevelEdge[] => {
    const ancestorIn = (id: NodeId): NodeId | undefined => {
      // readBoard has broken every parent cycle, so this walk ends at the root.
      for (let at = byId.get(id); at; at = at.parent === undefined ? undefined : byId.get(at.parent)) {
        if (at.parent === parent) return level.has(at.id) ? at.id : undefined;
      }
      return undefined;
    };
    const pairs: LevelEdge[] = [];
    for (const edge of board.edges) {
      if (!inScope.has(edge.source) || !inScope.has(edge.target)) continue;
      const source = ancestorIn(edge.source);
      const target = ancestorIn(edge.target);
      if (source && target && source !== target) pairs.push({ source, target, sameRank: edge.style === 'replication' });
    }
    return pairs;
  };

  /** Lays out `level` (siblings under `parent`) with its top-left content corner at (0, 0). */
  const layOut = (parent: NodeId | undefined, level: BoardNode[]): void => {
    for (const node of level) {
      const children = childrenOf.get(node.id) ?? [];
      if (!isContainerKind(node.kind) || children.length === 0) continue;
      layOut(node.id, children);
      const box = placed.get(node.id)!;
      let right = 0;
      let bottom = 0;
      for (const child of children) {
        const c = placed.get(child.id)!;
        c.x += AUTO_LAYOUT.padding;
        c.y += AUTO_LAYOUT.paddingTop;
        right = Math.max(right, c.x + c.w);
        bottom = Math.max(bottom, c.y + c.h);
      }
      box.w = Math.max(AUTO_LAYOUT.minContainer.w, right + AUTO_LAYOUT.padding);
      box.h = Math.max(AUTO_LAYOUT.minContainer.h, bottom + AUTO_LAYOUT.padding);
    }
    const positions = dagreLevel(
      level.map((n) => ({ id: n.id, ...placed.get(n.id)! })),
      edgesAt(parent, new Set(level.map((n) => n.id))),
      options.direction,
    );
    for (const [id, at] of positions) Object.assign(placed.get(id)!, at);
  };

  // Scope roots grouped by parent: each group is laid out among its own siblings.
  const groups = new Map<NodeId | undefined, BoardNode[]>();
  for (const node of board.nodes) {
    if (!inScope.has(node.id) || (node.parent !== undefined && inScope.has(node.parent))) continue;
    const group = groups.get(node.parent) ?? [];
    group.push(node);
    groups.set(node.parent, group);
  }
  const grown = new Set<NodeId>();
  for (const [parent, level] of groups) {
    const cornerX = Math.min(...level.map((n) => n.x));
    const cornerY = Math.min(...level.map((n) => n.y));
    layOut(parent, level);
    for (const node of level) {
      const p = placed.get(node.id)!;
      p.x += cornerX;
      p.y += cornerY;
    }
    for (let at = parent; at !== undefined; at = byId.get(at)?.parent) {
      if (!growToFit(placed.get(at)!, childrenOf.get(at) ?? [], placed)) break;
      grown.add(at);
    }
  }

  const written = board.nodes.filter((n) => inScope.has(n.id) || grown.has(n.id));
  doc.transact(() => {
    for (const node of written) {
      const record = nodeMap(doc, node.id);
      const p = placed.get(node.id)!;
      if (!record) continue;
      // x with y, w with h: a concurrent drag or resize wins both keys or neither (OP-4).
      if (record.get(NODE_KEYS.x) !== p.x || record.get(NODE_KEYS.y) !== p.y) {
        record.set(NODE_KEYS.x, p.x);
        record.set(NODE_KEYS.y, p.y);
      }
      if (!isContainerKind(node.kind)) continue;
      if (record.get(NODE_KEYS.w) !== p.w || record.get(NODE_KEYS.h) !== p.h) {
        record.set(NODE_KEYS.w, p.w);
        record.set(NODE_KEYS.h, p.h);
      }
    }
  }, origin);
  return ok(board.nodes.filter((n) => inScope.has(n.id)).map((n) => n.id));
}

/** The nodes to lay out: all, or the given ones that exist plus everything nested in them. */
function scope(nodes: readonly BoardNode[], ids: readonly NodeId[] | undefined): Set<NodeId> {
  if (ids === undefined) return new Set(nodes.map((n) => n.id));
  const result = new Set<NodeId>();
  const wanted = new Set(ids);
  // Parents come first in readBoard's order, so one pass finds every descendant.
  for (const node of nodes) {
    if (wanted.has(node.id) || (node.parent !== undefined && result.has(node.parent))) result.add(node.id);
  }
  return result;
}

/** Makes a container big enough for its children (right and down only). True if it grew. */
function growToFit(container: Placed, children: readonly BoardNode[], placed: ReadonlyMap<NodeId, Placed>): boolean {
  let right = 0;
  let bottom = 0;
  for (const child of children) {
    const c = placed.get(child.id)!;
    right = Math.max(right, c.x + c.w + AUTO_LAYOUT.padding);
    bottom = Math.max(bottom, c.y + c.h + AUTO_LAYOUT.padding);
  }
  if (right <= container.w && bottom <= container.h) return false;
  container.w = Math.max(container.w, right);
  container.h = Math.max(container.h, bottom);
  return true;
}

/**
 * An edge between two boxes of one level. A replication edge keeps its ends in one rank: a
 * replica sits beside its primary (below it in `LR`, to its right in `TB`), not downstream
 * where it would take a rank of its own and push the rest of the flow past it.
 */
interface LevelEdge {
  source: NodeId;
  target: NodeId;
  sameRank: boolean;
}

interface DagreNode {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

interface LevelBox {
  id: NodeId;
  w: number;
  h: number;
}

/**
 * One dagre run over siblings: the top-left corner of each box, with the group's content
 * starting at (0, 0). Positions are rounded to whole pixels; the gaps dagre leaves are far
 * wider than the rounding, so rounding cannot make boxes overlap.
 *
 * Boxes joined by replication edges go to dagre as one box, stacked across the flow in
 * the order of the level with the replicas after their primaries (dagre has no edges
 * within a rank: one of `minlen` 0 fails in its layout), and are unstacked after.
 */
function dagreLevel(
  nodes: readonly LevelBox[],
  edges: readonly LevelEdge[],
  direction: LayoutDirection,
): Map<NodeId, { x: number; y: number }> {
  const stacks = sameRankStacks(nodes, edges);
  const stackOf = new Map<NodeId, LevelBox>();
  const stackBoxes = stacks.map((members) => {
    const across = (m: LevelBox) => (direction === 'LR' ? m.h : m.w);
    const along = (m: LevelBox) => (direction === 'LR' ? m.w : m.h);
    const span = members.reduce((sum, m) => sum + across(m), 0) + AUTO_LAYOUT.nodeGap * (members.length - 1);
    const depth = Math.max(...members.map(along));
    const box = { id: members[0]!.id, w: direction === 'LR' ? depth : span, h: direction === 'LR' ? span : depth };
    for (const m of members) stackOf.set(m.id, box);
    return box;
  });

  const graph = new graphlib.Graph<object, DagreNode, { weight: number }>();
  graph.setGraph({ rankdir: direction, nodesep: AUTO_LAYOUT.nodeGap, ranksep: AUTO_LAYOUT.rankGap });
  for (const box of stackBoxes) graph.setNode(box.id, { width: box.w, height: box.h });
  for (const edge of edges) {
    const source = stackOf.get(edge.source)!.id;
    const target = stackOf.get(edge.target)!.id;
    if (source === target) continue;
    // Several edges between the same pair (or lifted from inside containers) pull harder.
    const label = graph.edge(source, target) ?? { weight: 0 };
    graph.setEdge(source, target, { weight: label.weight + 1 });
  }
  dagreLayout(graph);

  const corners: { id: NodeId; x: number; y: number }[] = [];
  for (const [i, box] of stackBoxes.entries()) {
    const { x = 0, y = 0 } = graph.node(box.id); // dagre writes the centre of every node it was given
    let at = direction === 'LR' ? y - box.h / 2 : x - box.w / 2;
    for (const m of stacks[i]!) {
      // centred on the stack's line along the flow, one after the other across it
      if (direction === 'LR') corners.push({ id: m.id, x: x - m.w / 2, y: at });
      else corners.push({ id: m.id, x: at, y: y - m.h / 2 });
      at += (direction === 'LR' ? m.h : m.w) + AUTO_LAYOUT.nodeGap;
    }
  }
  const minX = Math.min(...corners.map((c) => c.x));
  const minY = Math.min(...corners.map((c) => c.y));
  return new Map(corners.map((c) => [c.id, { x: Math.round(c.x - minX), y: Math.round(c.y - minY) }]));
}

/**
 * The level's boxes grouped by replication edges (each group connected by them), every
 * group in the level's order but with each replica after its primary: a box that is the
 * target of a replication edge from within its group comes after the boxes that are not.
 */
function sameRankStacks(nodes: readonly LevelBox[], edges: readonly LevelEdge[]): LevelBox[][] {
  const root = new Map<NodeId, NodeId>(nodes.map((n) => [n.id, n.id]));
  const find = (id: NodeId): NodeId => {
    let at = id;
    while (root.get(at) !== at) at = root.get(at)!;
    root.set(id, at);
    return at;
  };
  const replicas = new Set<NodeId>();
  for (const edge of edges) {
    if (!edge.sameRank) continue;
    root.set(find(edge.target), find(edge.source));
    replicas.add(edge.target);
  }
  const groups = new Map<NodeId, LevelBox[]>();
  for (const node of nodes) {
    const key = find(node.id);
    const group = groups.get(key) ?? [];
    group.push(node);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) =>
    group.length === 1
      ? group
      : [...group.filter((m) => !replicas.has(m.id)), ...group.filter((m) => replicas.has(m.id))],
  );
}

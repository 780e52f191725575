/**
 * The board as the design review's rules walk it: valid nodes by id and edges by end, in id
 * order, built from whatever a board holds (a peer can write anything), with the few walks
 * every rule needs. Nothing here follows more than one step, so callers bound their walks.
 */
import type { Board } from '../read/readBoard';
import type { BoardEdge } from '../schema/edgeRecord';
import type { BoardNode } from '../schema/nodeRecord';

/** The board reduced to what the rules walk: valid nodes by id, edges by end, all in id order. */
export interface Graph {
  nodes: BoardNode[];
  byId: Map<string, BoardNode>;
  out: Map<string, BoardEdge[]>;
  in: Map<string, BoardEdge[]>;
  answers: Record<string, unknown>;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function toGraph(board: Board | null | undefined): Graph {
  const graph: Graph = { nodes: [], byId: new Map(), out: new Map(), in: new Map(), answers: {} };
  const nodes: unknown[] = Array.isArray(board?.nodes) ? board.nodes : [];
  for (const node of nodes) {
    if (!isRecord(node) || typeof node.id !== 'string' || typeof node.kind !== 'string') continue;
    if (!graph.byId.has(node.id)) graph.byId.set(node.id, node as unknown as BoardNode);
  }
  graph.nodes = [...graph.byId.values()].sort(byId);
  const edges: unknown[] = Array.isArray(board?.edges) ? board.edges : [];
  const valid = edges.filter(
    (e): e is BoardEdge =>
      isRecord(e) &&
      typeof e.id === 'string' &&
      typeof e.source === 'string' &&
      typeof e.target === 'string' &&
      graph.byId.has(e.source) &&
      graph.byId.has(e.target),
  );
  for (const edge of valid.sort(byId)) {
    push(graph.out, edge.source, edge);
    push(graph.in, edge.target, edge);
  }
  if (isRecord(board?.answers)) graph.answers = board.answers;
  return graph;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface Link {
  edge: BoardEdge;
  other: BoardNode;
}

/** Where traffic can go from `id` (out edges, and two-way edges in). */
export function forward(g: Graph, id: string): Link[] {
  const links: Link[] = [];
  for (const edge of g.out.get(id) ?? []) links.push({ edge, other: g.byId.get(edge.target)! });
  for (const edge of g.in.get(id) ?? []) if (edge.twoWay) links.push({ edge, other: g.byId.get(edge.source)! });
  return links;
}

/** Where traffic into `id` can come from (in edges, and two-way edges out). */
export function backward(g: Graph, id: string): Link[] {
  const links: Link[] = [];
  for (const edge of g.in.get(id) ?? []) links.push({ edge, other: g.byId.get(edge.source)! });
  for (const edge of g.out.get(id) ?? []) if (edge.twoWay) links.push({ edge, other: g.byId.get(edge.target)! });
  return links;
}

/** Every edge touching `id`, whichever way. */
export function touching(g: Graph, id: string): Link[] {
  return [
    ...(g.out.get(id) ?? []).map((edge) => ({ edge, other: g.byId.get(edge.target)! })),
    ...(g.in.get(id) ?? []).map((edge) => ({ edge, other: g.byId.get(edge.source)! })),
  ];
}

/** The containers around a node, innermost first; stops at a missing parent or a loop. */
export function containers(g: Graph, node: BoardNode): BoardNode[] {
  const parentOf = (n: BoardNode) => (typeof n.parent === 'string' ? g.byId.get(n.parent) : undefined);
  const out: BoardNode[] = [];
  const seen = new Set<string>([node.id]);
  for (let at = parentOf(node); at && !seen.has(at.id); at = parentOf(at)) {
    seen.add(at.id);
    out.push(at);
  }
  return out;
}

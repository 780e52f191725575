import * as Y from 'yjs';
import { catalogEntry } from '../catalog/catalog';
import { boardMaps, EDGE_KEYS, META_KEYS, NODE_KEYS } from '../schema/docLayout';
import { EDGE_DEFAULTS, edgeFieldsSchema, type BoardEdge } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import { nodeFieldsSchema, type BoardNode } from '../schema/nodeRecord';
import { cycleBreakers } from '../ops/rules';

/** Something the reader skipped or repaired in its view; the doc itself is not changed. */
export type Problem =
  | { type: 'invalid-node'; id: string; detail: string }
  | { type: 'unknown-kind'; id: string; kind: string }
  | { type: 'invalid-edge'; id: string; detail: string }
  | { type: 'dangling-edge'; id: string; missing: string }
  | { type: 'missing-parent'; id: string; parent: string }
  | { type: 'invalid-parent'; id: string; parent: string }
  | { type: 'parent-cycle'; id: string };

export interface Board {
  title: string;
  schemaVersion: number | undefined;
  createdAt: number | undefined;
  /** Parents before their children, containers before the nodes beside them. */
  nodes: BoardNode[];
  edges: BoardEdge[];
  answers: Record<string, string>;
  problems: Problem[];
}

const text = (value: unknown): string | undefined =>
  value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : undefined;

function plain(record: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  record.forEach((value, key) => {
    if (!(value instanceof Y.AbstractType)) out[key] = value;
  });
  return out;
}

/**
 * Reads a board document into typed nodes and edges. Never throws: a record the
 * validator rejects is skipped and reported, as are edges whose ends are missing,
 * parents that are missing or not containers, and parent cycles (broken by the rule of
 * `cycleBreakers`, the same on every replica).
 */
export function readBoard(doc: Y.Doc): Board {
  const { meta, nodes: nodeRecords, edges: edgeRecords, requirements } = boardMaps(doc);
  const problems: Problem[] = [];
  const byId = new Map<string, BoardNode>();

  nodeRecords.forEach((record, id) => {
    try {
      if (!(record instanceof Y.Map)) throw new Error('not a map');
      const parsed = nodeFieldsSchema.safeParse(plain(record));
      if (!parsed.success)
        throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      if (!catalogEntry(parsed.data.kind))
        return void problems.push({ type: 'unknown-kind', id, kind: parsed.data.kind });
      const node: BoardNode = {
        id: id as NodeId,
        ...parsed.data,
        parent: parsed.data.parent as NodeId | undefined,
        label: text(record.get(NODE_KEYS.label)) ?? '',
      };
      const notes = text(record.get(NODE_KEYS.notes));
      if (notes !== undefined) node.notes = notes;
      if (node.parent === undefined) delete node.parent;
      byId.set(id, node);
    } catch (e) {
      problems.push({ type: 'invalid-node', id, detail: e instanceof Error ? e.message : String(e) });
    }
  });

  for (const node of byId.values()) {
    if (node.parent === undefined) continue;
    const parent = byId.get(node.parent);
    if (!parent) problems.push({ type: 'missing-parent', id: node.id, parent: node.parent });
    else if (catalogEntry(parent.kind)?.shape !== 'group')
      problems.push({ type: 'invalid-parent', id: node.id, parent: node.parent });
    else continue;
    delete node.parent;
  }
  const parentOf = new Map([...byId.values()].map((n) => [n.id as string, n.parent as string | undefined]));
  for (const id of cycleBreakers(parentOf)) {
    problems.push({ type: 'parent-cycle', id });
    delete byId.get(id)!.parent;
  }

  // Iterative and memoised: any peer can write a nesting thousands deep, and a recursive
  // walk would overflow the stack on it (and take quadratic time).
  const depths = new Map<string, number>();
  const depth = (node: BoardNode): number => {
    const chain: BoardNode[] = [];
    let at: BoardNode | undefined = node;
    while (at && !depths.has(at.id)) {
      chain.push(at);
      at = at.parent ? byId.get(at.parent) : undefined;
    }
    let d = at ? depths.get(at.id)! : -1;
    for (const n of chain.reverse()) depths.set(n.id, ++d);
    return depths.get(node.id)!;
  };
  const isGroup = (node: BoardNode) => (catalogEntry(node.kind)?.shape === 'group' ? 0 : 1);
  const nodes = [...byId.values()]
    .map((node) => ({ node, depth: depth(node) }))
    .sort(
      (a, b) =>
        a.depth - b.depth ||
        isGroup(a.node) - isGroup(b.node) ||
        a.node.z - b.node.z ||
        (a.node.id < b.node.id ? -1 : 1),
    )
    .map(({ node }) => node);

  const edges: BoardEdge[] = [];
  edgeRecords.forEach((record, id) => {
    if (!(record instanceof Y.Map)) return void problems.push({ type: 'invalid-edge', id, detail: 'not a map' });
    const parsed = edgeFieldsSchema.safeParse(plain(record));
    if (!parsed.success)
      return void problems.push({ type: 'invalid-edge', id, detail: parsed.error.issues[0]?.message ?? 'invalid' });
    const missing = [parsed.data.source, parsed.data.target].find((end) => !byId.has(end));
    if (missing !== undefined) return void problems.push({ type: 'dangling-edge', id, missing });
    const edge: BoardEdge = {
      id: id as EdgeId,
      source: parsed.data.source as NodeId,
      target: parsed.data.target as NodeId,
      style: parsed.data.style ?? EDGE_DEFAULTS.style,
      label: text(record.get(EDGE_KEYS.label)) ?? '',
    };
    if (parsed.data.sourceHandle) edge.sourceHandle = parsed.data.sourceHandle;
    if (parsed.data.targetHandle) edge.targetHandle = parsed.data.targetHandle;
    if (parsed.data.twoWay) edge.twoWay = true;
    edges.push(edge);
  });
  edges.sort((a, b) => (a.id < b.id ? -1 : 1));

  const answers: Record<string, string> = {};
  requirements.forEach((value, key) => {
    const answer = text(value);
    if (answer !== undefined) answers[key] = answer;
  });

  const title = meta.get(META_KEYS.title);
  const version = meta.get(META_KEYS.schemaVersion);
  const createdAt = meta.get(META_KEYS.createdAt);
  return {
    title: typeof title === 'string' ? title : 'Untitled board',
    schemaVersion: typeof version === 'number' ? version : undefined,
    createdAt: typeof createdAt === 'number' ? createdAt : undefined,
    nodes,
    edges,
    answers,
    problems,
  };
}

/** A node's position on the canvas, adding up its parents' positions. */
export function absolutePosition(board: Pick<Board, 'nodes'>, id: NodeId): { x: number; y: number } | undefined {
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  let node = byId.get(id);
  if (!node) return undefined;
  let x = 0;
  let y = 0;
  for (let guard = 0; node && guard <= byId.size; guard++) {
    x += node.x;
    y += node.y;
    node = node.parent ? byId.get(node.parent) : undefined;
  }
  return { x, y };
}

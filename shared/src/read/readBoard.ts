import * as Y from 'yjs';
import { catalogEntry } from '../catalog/catalog';
import { boardMaps, EDGE_KEYS, META_KEYS, NODE_KEYS } from '../schema/docLayout';
import {
  EDGE_DEFAULTS,
  EDGE_PROP_NAMES,
  edgeFieldsSchema,
  edgePropSchemas,
  type BoardEdge,
  type EdgeProps,
} from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import {
  NODE_PROP_NAMES,
  nodeFieldsSchema,
  nodePropSchemas,
  type BoardNode,
  type NodeProps,
} from '../schema/nodeRecord';
import { dismissalSchema, type Dismissal } from '../schema/reviewRecord';
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
  /** Design-review findings dismissed for the board, by finding key. */
  dismissals: Record<string, Dismissal>;
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
 * The settings or figures of one record: each valid one is kept, a bad one dropped on its
 * own (a peer's bad `instances` must not hide the node). Undefined when none is set.
 */
function readProps<T extends object>(
  record: Y.Map<unknown>,
  names: readonly (keyof T & string)[],
  schemas: { [K in keyof T]-?: { safeParse(v: unknown): { success: boolean; data?: unknown } } },
): T | undefined {
  let props: T | undefined;
  for (const name of names) {
    const value = record.get(name);
    if (value === undefined) continue;
    const parsed = schemas[name].safeParse(value);
    if (parsed.success) (props ??= {} as T)[name] = parsed.data as T[typeof name];
  }
  return props;
}

/** One node record read on its own: the node, or why it was skipped. Never throws. */
type NodeRead = { node: BoardNode } | { problem: Problem };
type EdgeRead = { edge: BoardEdge } | { problem: Problem };

function readNodeRecord(id: string, record: unknown): NodeRead {
  try {
    if (!(record instanceof Y.Map)) throw new Error('not a map');
    const parsed = nodeFieldsSchema.safeParse(plain(record));
    if (!parsed.success)
      throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (!catalogEntry(parsed.data.kind)) return { problem: { type: 'unknown-kind', id, kind: parsed.data.kind } };
    // No `delete` on the record: it would turn every cached node into a slow, larger
    // dictionary-mode object (about 0.25 MB over 1,000 nodes).
    const { parent, ...fields } = parsed.data;
    const node: BoardNode = {
      id: id as NodeId,
      ...fields,
      label: text(record.get(NODE_KEYS.label)) ?? '',
    };
    if (parent !== undefined) node.parent = parent as NodeId;
    const notes = text(record.get(NODE_KEYS.notes));
    if (notes !== undefined) node.notes = notes;
    const props = readProps<NodeProps>(record, NODE_PROP_NAMES, nodePropSchemas);
    if (props) node.props = props;
    return { node };
  } catch (e) {
    return { problem: { type: 'invalid-node', id, detail: e instanceof Error ? e.message : String(e) } };
  }
}

function readEdgeRecord(id: string, record: unknown): EdgeRead {
  if (!(record instanceof Y.Map)) return { problem: { type: 'invalid-edge', id, detail: 'not a map' } };
  const parsed = edgeFieldsSchema.safeParse(plain(record));
  if (!parsed.success)
    return { problem: { type: 'invalid-edge', id, detail: parsed.error.issues[0]?.message ?? 'invalid' } };
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
  const props = readProps<EdgeProps>(record, EDGE_PROP_NAMES, edgePropSchemas);
  if (props) edge.props = props;
  return { edge };
}

const isGroup = (node: BoardNode) => (catalogEntry(node.kind)?.shape === 'group' ? 0 : 1);

/**
 * The board from its records read one by one: checks what needs the whole board (parents,
 * cycles, edge ends), orders the nodes and reads the meta. Record objects are not changed;
 * a node that loses a bad parent is copied, so cached reads stay as they were.
 */
function assemble(doc: Y.Doc, nodeReads: Iterable<NodeRead>, edgeReads: Iterable<EdgeRead>): Board {
  const { meta, requirements, review } = boardMaps(doc);
  const problems: Problem[] = [];
  const byId = new Map<string, BoardNode>();
  for (const read of nodeReads) {
    if ('problem' in read) problems.push(read.problem);
    else byId.set(read.node.id, read.node);
  }

  const withoutParent = (node: BoardNode) => {
    const copy = { ...node };
    delete copy.parent;
    byId.set(node.id, copy);
  };
  for (const node of [...byId.values()]) {
    if (node.parent === undefined) continue;
    const parent = byId.get(node.parent);
    if (!parent) problems.push({ type: 'missing-parent', id: node.id, parent: node.parent });
    else if (catalogEntry(parent.kind)?.shape !== 'group')
      problems.push({ type: 'invalid-parent', id: node.id, parent: node.parent });
    else continue;
    withoutParent(node);
  }
  const parentOf = new Map([...byId.values()].map((n) => [n.id as string, n.parent as string | undefined]));
  for (const id of cycleBreakers(parentOf)) {
    problems.push({ type: 'parent-cycle', id });
    withoutParent(byId.get(id)!);
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
  const nodes = [...byId.values()]
    .map((node) => ({ node, depth: depth(node), group: isGroup(node) }))
    .sort((a, b) => a.depth - b.depth || a.group - b.group || a.node.z - b.node.z || (a.node.id < b.node.id ? -1 : 1))
    .map(({ node }) => node);

  const edges: BoardEdge[] = [];
  for (const read of edgeReads) {
    if ('problem' in read) {
      problems.push(read.problem);
      continue;
    }
    const missing = [read.edge.source, read.edge.target].find((end) => !byId.has(end));
    if (missing !== undefined) problems.push({ type: 'dangling-edge', id: read.edge.id, missing });
    else edges.push(read.edge);
  }
  edges.sort((a, b) => (a.id < b.id ? -1 : 1));

  const answers: Record<string, string> = {};
  requirements.forEach((value, key) => {
    const answer = text(value);
    if (answer !== undefined) answers[key] = answer;
  });

  const dismissals: Record<string, Dismissal> = {};
  review.forEach((value, key) => {
    const parsed = dismissalSchema.safeParse(value);
    if (parsed.success) dismissals[key] = parsed.data;
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
    dismissals,
    problems,
  };
}

/**
 * Reads a board document into typed nodes and edges. Never throws: a record the
 * validator rejects is skipped and reported, as are edges whose ends are missing,
 * parents that are missing or not containers, and parent cycles (broken by the rule of
 * `cycleBreakers`, the same on every replica).
 */
export function readBoard(doc: Y.Doc): Board {
  const { nodes, edges } = boardMaps(doc);
  const nodeReads: NodeRead[] = [];
  nodes.forEach((record, id) => nodeReads.push(readNodeRecord(id, record)));
  const edgeReads: EdgeRead[] = [];
  edges.forEach((record, id) => edgeReads.push(readEdgeRecord(id, record)));
  return assemble(doc, nodeReads, edgeReads);
}

/** Which records changed since the last read; `all` after anything the reader cannot place. */
export interface BoardChanges {
  nodes: Set<string> | 'all';
  edges: Set<string> | 'all';
}

/**
 * `readBoard` for a doc that changes a little at a time (a board on screen): it keeps each
 * record's read, and after a change validates again only the records that changed, then
 * assembles the board (parents, cycles, order) anew, or, when only nodes moved, replaces
 * them in the last board (see readMoves). Gives exactly `readBoard(doc)`;
 * records that did not change keep their objects, so views can skip them by identity.
 */
export class IncrementalBoardReader {
  private readonly nodeReads = new Map<string, NodeRead>();
  private readonly edgeReads = new Map<string, EdgeRead>();
  private dirty: BoardChanges = { nodes: 'all', edges: 'all' };
  /** Whether anything besides node and edge records changed (meta, answers, dismissals…). */
  private othersDirty = true;
  /** The last board read, and where each of its nodes stands in `nodes`. */
  private last: { board: Board; index: ReadonlyMap<string, number> } | undefined;

  constructor(private readonly doc: Y.Doc) {}

  /** Notes what a batch of `observeDeep` events on the board's roots touched. */
  note(events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): void {
    const { nodes, edges } = boardMaps(this.doc);
    for (const event of events) {
      const root = event.path.length === 0 ? event.target : undefined;
      if (root === nodes || root === edges) {
        const which = root === nodes ? 'nodes' : 'edges';
        for (const key of event.changes.keys.keys()) this.mark(which, key);
        continue;
      }
      // A change inside a record: its root is the first step of the path from the root type.
      const top = event.currentTarget;
      const key = event.path[0];
      if (top === nodes && typeof key === 'string') this.mark('nodes', key);
      else if (top === edges && typeof key === 'string') this.mark('edges', key);
      else if (top !== nodes && top !== edges) this.othersDirty = true;
    }
  }

  private mark(which: keyof BoardChanges, key: string): void {
    const set = this.dirty[which];
    if (set !== 'all') set.add(key);
  }

  /** Forgets every cached read (after changes that were not noted). */
  invalidate(): void {
    this.dirty = { nodes: 'all', edges: 'all' };
    this.othersDirty = true;
  }

  read(): Board {
    const board = this.readMoves() ?? this.readAll();
    this.dirty = { nodes: new Set(), edges: new Set() };
    this.othersDirty = false;
    return board;
  }

  private readAll(): Board {
    const { nodes, edges } = boardMaps(this.doc);
    refresh(this.nodeReads, nodes, this.dirty.nodes, readNodeRecord);
    refresh(this.edgeReads, edges, this.dirty.edges, readEdgeRecord);
    const board = assemble(this.doc, this.nodeReads.values(), this.edgeReads.values());
    this.last = { board, index: new Map(board.nodes.map((node, i) => [node.id as string, i])) };
    return board;
  }

  /**
   * The common change on a big board, a peer moving, resizing or renaming nodes, without
   * assembling the board again: when only existing node records changed, each still valid
   * and with the same parent, kind and z (so the same place in the order), and the last
   * board had no problems, the board is the last one with those nodes replaced. Its edges,
   * answers and dismissals stay the same objects. Undefined when that does not hold.
   */
  private readMoves(): Board | undefined {
    const last = this.last;
    const { nodes: changed, edges: changedEdges } = this.dirty;
    if (!last || this.othersDirty || changed === 'all' || changedEdges === 'all') return undefined;
    if (changedEdges.size > 0 || last.board.problems.length > 0) return undefined;
    const records = boardMaps(this.doc).nodes;
    const reads: [number, string, { node: BoardNode }][] = [];
    for (const id of changed) {
      const index = last.index.get(id);
      const was = index === undefined ? undefined : last.board.nodes[index];
      if (index === undefined || !was || !records.has(id)) return undefined;
      const read = readNodeRecord(id, records.get(id));
      if (!('node' in read)) return undefined;
      const { node } = read;
      if (node.parent !== was.parent || node.kind !== was.kind || node.z !== was.z) return undefined;
      reads.push([index, id, read]);
    }
    const nodes = [...last.board.nodes];
    for (const [index, id, read] of reads) {
      nodes[index] = read.node;
      this.nodeReads.set(id, read);
    }
    const board = { ...last.board, nodes };
    this.last = { board, index: last.index };
    return board;
  }
}

/** The little of a Y.Map the cache refresh needs (the roots' value types differ). */
interface RecordsMap {
  forEach(visit: (record: unknown, id: string) => void): void;
  has(id: string): boolean;
  get(id: string): unknown;
}

function refresh<R>(
  cache: Map<string, R>,
  records: RecordsMap,
  dirty: Set<string> | 'all',
  readRecord: (id: string, record: unknown) => R,
): void {
  if (dirty === 'all') {
    cache.clear();
    records.forEach((record, id) => cache.set(id, readRecord(id, record)));
    return;
  }
  for (const id of dirty) {
    if (records.has(id)) cache.set(id, readRecord(id, records.get(id)));
    else cache.delete(id);
  }
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

import * as Y from 'yjs';
import { catalogEntry } from '../catalog/catalog';
import { shapeHeightToFit } from '../geometry/shapeGeometry';
import { boardMaps, EDGE_KEYS, nodeMap, NODE_KEYS, type RecordMap } from '../schema/docLayout';
import { newNodeId, type NodeId } from '../schema/ids';
import type { NodeProps } from '../schema/nodeRecord';
import { nodePropsProblem, writeProps } from './props';
import { err, ok, type Result } from './result';
import { isContainerKind, withDescendants, wouldCycle } from './rules';
import { replaceText } from './text';

export interface NewNode {
  kind: string;
  x: number;
  y: number;
  id?: NodeId;
  label?: string;
  parent?: NodeId;
  w?: number;
  h?: number;
  z?: number;
  props?: NodeProps;
}

const finite = (...values: (number | undefined)[]) => values.every((v) => v === undefined || Number.isFinite(v));

/** Adds a node of a catalogue kind, with the catalogue's default label, and size where it has one. */
export function addNode(doc: Y.Doc, input: NewNode, origin?: unknown): Result<NodeId> {
  const entry = catalogEntry(input.kind);
  if (!entry) return err('unknown-kind', input.kind);
  if (!finite(input.x, input.y, input.w, input.h, input.z)) return err('invalid-value');
  if ((input.w !== undefined && input.w <= 0) || (input.h !== undefined && input.h <= 0)) return err('invalid-value');
  const propsProblem = input.props && nodePropsProblem(input.props);
  if (propsProblem) return propsProblem;
  const id = input.id ?? newNodeId();
  let result: Result<NodeId> = ok(id);
  doc.transact(() => {
    if (input.parent !== undefined) {
      const parent = nodeMap(doc, input.parent);
      if (!parent) return void (result = err('missing-node', input.parent));
      if (!isContainerKind(String(parent.get(NODE_KEYS.kind)))) return void (result = err('not-container'));
    }
    const record: RecordMap = new Y.Map<unknown>();
    record.set(NODE_KEYS.kind, input.kind);
    record.set(NODE_KEYS.x, input.x);
    record.set(NODE_KEYS.y, input.y);
    const w = input.w ?? entry.size?.w;
    const label = input.label ?? entry.defaultLabel ?? entry.label;
    // A shape given no height (an export written by hand, a script) is made tall enough for its label.
    const h =
      input.h ??
      (entry.outline && w !== undefined && entry.size
        ? shapeHeightToFit(label, entry.outline, w, entry.size.h)
        : entry.size?.h);
    if (w !== undefined) record.set(NODE_KEYS.w, w);
    if (h !== undefined) record.set(NODE_KEYS.h, h);
    if (input.parent !== undefined) record.set(NODE_KEYS.parent, input.parent);
    record.set(NODE_KEYS.z, input.z ?? (entry.shape === 'group' ? 0 : 1));
    record.set(NODE_KEYS.label, new Y.Text(label));
    // Created now, by the node's one creator: two people writing the first notes at once
    // would otherwise each create a Y.Text, and one of the two would replace the other.
    record.set(NODE_KEYS.notes, new Y.Text());
    writeProps(record, input.props);
    boardMaps(doc).nodes.set(id, record);
  }, origin);
  return result;
}

/** Moves nodes; x and y of one node are written together, so a node never lands half-way. */
export function moveNodes(doc: Y.Doc, moves: { id: NodeId; x: number; y: number }[], origin?: unknown): Result<number> {
  if (!moves.every((m) => finite(m.x, m.y))) return err('invalid-value');
  let moved = 0;
  doc.transact(() => {
    for (const m of moves) {
      const node = nodeMap(doc, m.id);
      if (!node) continue; // deleted meanwhile: a move never resurrects a node
      // Both keys or neither: writing only the one that changed lets a concurrent drag win
      // the other key, landing the node at a position neither person chose.
      if (node.get(NODE_KEYS.x) !== m.x || node.get(NODE_KEYS.y) !== m.y) {
        node.set(NODE_KEYS.x, m.x);
        node.set(NODE_KEYS.y, m.y);
      }
      moved++;
    }
  }, origin);
  return ok(moved);
}

/** Sets a node's size, and its position too when resizing from a top or left edge. */
export function resizeNode(
  doc: Y.Doc,
  id: NodeId,
  size: { w: number; h: number; x?: number; y?: number },
  origin?: unknown,
): Result<NodeId> {
  if (!finite(size.w, size.h, size.x, size.y) || size.w <= 0 || size.h <= 0) return err('invalid-value');
  const node = nodeMap(doc, id);
  if (!node) return err('missing-node', id);
  doc.transact(() => {
    node.set(NODE_KEYS.w, size.w);
    node.set(NODE_KEYS.h, size.h);
    if (size.x !== undefined) node.set(NODE_KEYS.x, size.x);
    if (size.y !== undefined) node.set(NODE_KEYS.y, size.y);
  }, origin);
  return ok(id);
}

function textField(node: RecordMap, key: string): Y.Text {
  const value = node.get(key);
  if (value instanceof Y.Text) return value;
  const text = new Y.Text(typeof value === 'string' ? value : '');
  node.set(key, text);
  return text;
}

/**
 * Changes a node's label with a character-level diff (see `replaceText`). A plain shape or
 * a text label grows taller, in the same transaction, until its whole label shows (never
 * narrower or shorter: a size someone chose stays), and each container it sits in grows
 * to keep it inside.
 */
export function renameNode(doc: Y.Doc, id: NodeId, label: string, origin?: unknown): Result<NodeId> {
  const node = nodeMap(doc, id);
  if (!node) return err('missing-node', id);
  doc.transact(() => {
    replaceText(textField(node, NODE_KEYS.label), label);
    growToShowLabel(doc, node, label);
  }, origin);
  return ok(id);
}

/** Space kept below a child that a container grew to hold. */
const CONTAINER_PAD = 12;

function growToShowLabel(doc: Y.Doc, node: RecordMap, label: string): void {
  const entry = catalogEntry(String(node.get(NODE_KEYS.kind)));
  if (!entry?.outline) return;
  const size = (record: RecordMap, key: 'w' | 'h', fallback: number | undefined) => {
    const value = record.get(NODE_KEYS[key]);
    return typeof value === 'number' ? value : (fallback ?? 0);
  };
  const w = size(node, 'w', entry.size?.w);
  const h = size(node, 'h', entry.size?.h);
  const fitted = shapeHeightToFit(label, entry.outline, w, h);
  if (fitted <= h) return;
  node.set(NODE_KEYS.h, fitted);
  let child = node;
  for (let depth = 0; depth < 64; depth++) {
    const parentId = child.get(NODE_KEYS.parent);
    const parent = typeof parentId === 'string' ? nodeMap(doc, parentId as NodeId) : undefined;
    if (!parent) return;
    const bottom =
      size(child, 'h', catalogEntry(String(child.get(NODE_KEYS.kind)))?.size?.h) + Number(child.get(NODE_KEYS.y) ?? 0);
    const parentH = size(parent, 'h', catalogEntry(String(parent.get(NODE_KEYS.kind)))?.size?.h);
    if (bottom <= parentH) return;
    parent.set(NODE_KEYS.h, bottom + CONTAINER_PAD);
    child = parent;
  }
}

/** Changes a node's free-text notes (shown in its details), with the same diff as labels. */
export function setNodeNotes(doc: Y.Doc, id: NodeId, notes: string, origin?: unknown): Result<NodeId> {
  const node = nodeMap(doc, id);
  if (!node) return err('missing-node', id);
  doc.transact(() => replaceText(textField(node, NODE_KEYS.notes), notes), origin);
  return ok(id);
}

/** The parent link of every node, as plain data for the pure rules. */
export function parentLinks(doc: Y.Doc): Map<string, string | undefined> {
  const links = new Map<string, string | undefined>();
  boardMaps(doc).nodes.forEach((value, id) => {
    const parent = value instanceof Y.Map ? value.get(NODE_KEYS.parent) : undefined;
    links.set(id, typeof parent === 'string' ? parent : undefined);
  });
  return links;
}

/**
 * Puts a node into a container (or back on the canvas with `parent` null) at a position
 * relative to its new parent, which the caller computes from absolute coordinates.
 */
export function reparentNode(
  doc: Y.Doc,
  id: NodeId,
  parent: NodeId | null,
  position: { x: number; y: number },
  origin?: unknown,
): Result<NodeId> {
  if (!finite(position.x, position.y)) return err('invalid-value');
  const node = nodeMap(doc, id);
  if (!node) return err('missing-node', id);
  if (parent !== null) {
    const container = nodeMap(doc, parent);
    if (!container) return err('missing-node', parent);
    if (!isContainerKind(String(container.get(NODE_KEYS.kind)))) return err('not-container');
    if (wouldCycle(parentLinks(doc), id, parent)) return err('cycle');
  }
  doc.transact(() => {
    if (parent === null) node.delete(NODE_KEYS.parent);
    else node.set(NODE_KEYS.parent, parent);
    node.set(NODE_KEYS.x, position.x);
    node.set(NODE_KEYS.y, position.y);
  }, origin);
  return ok(id);
}

/** Removes nodes, everything nested inside them, and every edge that touches any of those. */
export function removeNodes(doc: Y.Doc, ids: NodeId[], origin?: unknown): Result<NodeId[]> {
  const { nodes, edges } = boardMaps(doc);
  const doomed = withDescendants(
    parentLinks(doc),
    ids.filter((id) => nodes.has(id)),
  );
  doc.transact(() => {
    for (const id of doomed) nodes.delete(id);
    edges.forEach((edge, edgeId) => {
      const source = edge instanceof Y.Map ? edge.get(EDGE_KEYS.source) : undefined;
      const target = edge instanceof Y.Map ? edge.get(EDGE_KEYS.target) : undefined;
      if (doomed.has(source as NodeId) || doomed.has(target as NodeId)) edges.delete(edgeId);
    });
  }, origin);
  return ok([...doomed]);
}

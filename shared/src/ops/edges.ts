import * as Y from 'yjs';
import { boardMaps, edgeMap, EDGE_KEYS, nodeMap, NODE_KEYS, type RecordMap } from '../schema/docLayout';
import { edgeFieldsSchema, isEdgeStyle, type EdgeProps, type EdgeStyle } from '../schema/edgeRecord';
import { newEdgeId, type EdgeId, type NodeId } from '../schema/ids';
import { edgePropsProblem, writeProps } from './props';
import { err, ok, type Result } from './result';
import { connectionProblem } from './rules';
import { replaceText } from './text';

export interface NewEdge {
  source: NodeId;
  target: NodeId;
  sourceHandle?: string | null;
  targetHandle?: string | null;
  style?: EdgeStyle;
  twoWay?: boolean;
  label?: string;
  id?: EdgeId;
  props?: EdgeProps;
}

/** Connects two nodes, if the catalogue's connection rules allow it. */
export function connect(doc: Y.Doc, input: NewEdge, origin?: unknown): Result<EdgeId> {
  const source = nodeMap(doc, input.source);
  const target = nodeMap(doc, input.target);
  if (!source) return err('missing-node', input.source);
  if (!target) return err('missing-node', input.target);
  const problem = connectionProblem(
    { id: input.source, kind: String(source.get(NODE_KEYS.kind)) },
    { id: input.target, kind: String(target.get(NODE_KEYS.kind)) },
  );
  if (problem) return err(problem);
  // The same two handles joined twice would draw two edges exactly on top of each other.
  let duplicate: string | undefined;
  boardMaps(doc).edges.forEach((edge, id) => {
    if (
      edge instanceof Y.Map &&
      edge.get(EDGE_KEYS.source) === input.source &&
      edge.get(EDGE_KEYS.target) === input.target &&
      (edge.get(EDGE_KEYS.sourceHandle) ?? null) === (input.sourceHandle || null) &&
      (edge.get(EDGE_KEYS.targetHandle) ?? null) === (input.targetHandle || null)
    )
      duplicate = id;
  });
  if (duplicate !== undefined) return err('duplicate-edge', duplicate);
  // Write only what the reader accepts: a handle over the schema's length or an unknown
  // style would make readBoard drop the whole edge on every replica.
  const fields = edgeFieldsSchema.safeParse({
    source: input.source,
    target: input.target,
    sourceHandle: input.sourceHandle || undefined,
    targetHandle: input.targetHandle || undefined,
    style: input.style ?? 'sync',
  });
  if (!fields.success) return err('invalid-value', fields.error.issues[0]?.message);
  const propsProblem = input.props && edgePropsProblem(input.props);
  if (propsProblem) return propsProblem;
  const id = input.id ?? newEdgeId();
  doc.transact(() => {
    const record: RecordMap = new Y.Map<unknown>();
    record.set(EDGE_KEYS.source, input.source);
    record.set(EDGE_KEYS.target, input.target);
    if (input.sourceHandle) record.set(EDGE_KEYS.sourceHandle, input.sourceHandle);
    if (input.targetHandle) record.set(EDGE_KEYS.targetHandle, input.targetHandle);
    record.set(EDGE_KEYS.style, input.style ?? 'sync');
    if (input.twoWay) record.set(EDGE_KEYS.twoWay, true);
    record.set(EDGE_KEYS.label, new Y.Text(input.label ?? ''));
    writeProps(record, input.props);
    boardMaps(doc).edges.set(id, record);
  }, origin);
  return ok(id);
}

export function removeEdges(doc: Y.Doc, ids: EdgeId[], origin?: unknown): Result<EdgeId[]> {
  const { edges } = boardMaps(doc);
  const present = ids.filter((id) => edges.has(id));
  doc.transact(() => present.forEach((id) => edges.delete(id)), origin);
  return ok(present);
}

export function setEdgeStyle(doc: Y.Doc, id: EdgeId, style: EdgeStyle, origin?: unknown): Result<EdgeId> {
  if (!isEdgeStyle(style)) return err('invalid-value', String(style));
  const edge = edgeMap(doc, id);
  if (!edge) return err('missing-edge', id);
  doc.transact(() => edge.set(EDGE_KEYS.style, style), origin);
  return ok(id);
}

/** Makes an edge two-way (an arrowhead at each end) or one-way again. */
export function setEdgeTwoWay(doc: Y.Doc, id: EdgeId, twoWay: boolean, origin?: unknown): Result<EdgeId> {
  const edge = edgeMap(doc, id);
  if (!edge) return err('missing-edge', id);
  doc.transact(() => (twoWay ? edge.set(EDGE_KEYS.twoWay, true) : edge.delete(EDGE_KEYS.twoWay)), origin);
  return ok(id);
}

export function renameEdge(doc: Y.Doc, id: EdgeId, label: string, origin?: unknown): Result<EdgeId> {
  const edge = edgeMap(doc, id);
  if (!edge) return err('missing-edge', id);
  doc.transact(() => {
    let text = edge.get(EDGE_KEYS.label);
    if (!(text instanceof Y.Text)) {
      text = new Y.Text();
      edge.set(EDGE_KEYS.label, text);
    }
    replaceText(text as Y.Text, label);
  }, origin);
  return ok(id);
}

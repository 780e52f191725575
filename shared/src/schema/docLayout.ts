import * as Y from 'yjs';
import type { EdgeId, NodeId } from './ids';

/**
 * The one place that names the Y.Doc's layout (schema version 2). Nothing outside
 * `shared` reads or writes a root type or a record key by string literal.
 *
 * | root           | key        | value                                                   |
 * | `meta`         | fixed keys | schemaVersion, title, createdAt                         |
 * | `nodes`        | NodeId     | Y.Map of NODE_KEYS and the settings NODE_PROP_NAMES     |
 * | `edges`        | EdgeId     | Y.Map of EDGE_KEYS and the figures EDGE_PROP_NAMES      |
 * | `requirements` | questionId | Y.Text: the board's answer to one design question       |
 * | `review`       | finding key| a dismissed finding: `{ reason, by, at }` (plain value) |
 *
 * Version 2 added the settings, the figures and `review`. Settings are keys of the record
 * itself, not a nested Y.Map: two clients creating a nested map for the same node at once
 * would keep only one of them, and with it lose what was written into the other.
 */
export const SCHEMA_VERSION = 2;

export const META_KEYS = {
  schemaVersion: 'schemaVersion',
  title: 'title',
  createdAt: 'createdAt',
} as const;

export const NODE_KEYS = {
  kind: 'kind',
  x: 'x',
  y: 'y',
  w: 'w',
  h: 'h',
  parent: 'parent',
  label: 'label',
  notes: 'notes',
  z: 'z',
} as const;

export const EDGE_KEYS = {
  source: 'source',
  target: 'target',
  sourceHandle: 'sourceHandle',
  targetHandle: 'targetHandle',
  label: 'label',
  style: 'style',
  twoWay: 'twoWay',
} as const;

/** A node or edge record as it lives in the doc: one Y.Map per record. */
export type RecordMap = Y.Map<unknown>;

export interface BoardMaps {
  meta: Y.Map<unknown>;
  nodes: Y.Map<RecordMap>;
  edges: Y.Map<RecordMap>;
  requirements: Y.Map<Y.Text>;
  review: Y.Map<unknown>;
}

/** The root types of a board document. Getting them is idempotent and writes nothing. */
export function boardMaps(doc: Y.Doc): BoardMaps {
  return {
    meta: doc.getMap('meta'),
    nodes: doc.getMap('nodes'),
    edges: doc.getMap('edges'),
    requirements: doc.getMap('requirements'),
    review: doc.getMap('review'),
  };
}

export function nodeMap(doc: Y.Doc, id: NodeId): RecordMap | undefined {
  const value: unknown = boardMaps(doc).nodes.get(id);
  return value instanceof Y.Map ? (value as RecordMap) : undefined;
}

export function edgeMap(doc: Y.Doc, id: EdgeId): RecordMap | undefined {
  const value: unknown = boardMaps(doc).edges.get(id);
  return value instanceof Y.Map ? (value as RecordMap) : undefined;
}

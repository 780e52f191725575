import { z } from 'zod';
import { EDGE_STYLES, edgePropSchemas } from '../schema/edgeRecord';
import { nodePropSchemas } from '../schema/nodeRecord';

/**
 * The Archboard export format, version 1: a board as one JSON document. It is also what
 * import accepts, so its schema is the import validator. Readers must reject a
 * `formatVersion` they do not know rather than guess.
 *
 * ```json
 * { "format": "archboard", "formatVersion": 1, "title": "Checkout",
 *   "nodes": [{ "id": "n1", "kind": "aws.lambda", "x": 0, "y": 0, "label": "Orders", "notes": "", "z": 1 }],
 *   "edges": [{ "id": "e1", "source": "n0", "target": "n1", "style": "sync", "label": "POST /orders" }],
 *   "answers": { "q9": "p99 under 200 ms" } }
 * ```
 */
export const EXPORT_FORMAT = 'archboard';
export const EXPORT_FORMAT_VERSION = 1;

/** Limits on what an import may hold, so one file cannot make a board nobody can open. */
export const IMPORT_LIMITS = {
  maxBytes: 8 * 1024 * 1024,
  maxNodes: 10_000,
  maxEdges: 20_000,
  maxTextLength: 100_000,
  /**
   * How far from the origin a node may lie, and how large it may be, in canvas px: a chain of
   * 10,000 nodes laid out in a row is about 2,000,000 px long. Past this, sums of positions
   * overflow (1e308 + 1e308 is Infinity) and nothing can draw the board.
   */
  maxCoordinate: 10_000_000,
} as const;

// As wide as what a board made on the canvas can hold, so that every export imports again
// (EXP-2), but no wider than what can be drawn (maxCoordinate); the byte limit bounds the whole.
const id = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
const text = z.string().max(IMPORT_LIMITS.maxTextLength);
const far = `must be within ±${IMPORT_LIMITS.maxCoordinate.toLocaleString('en-US')} px`;
const coordinate = z.number().finite().min(-IMPORT_LIMITS.maxCoordinate, far).max(IMPORT_LIMITS.maxCoordinate, far);
const size = z.number().finite().positive().max(IMPORT_LIMITS.maxCoordinate, far);

export const exportNodeSchema = z.strictObject({
  id,
  kind: z.string().min(1).max(64),
  x: coordinate,
  y: coordinate,
  w: size.optional(),
  h: size.optional(),
  parent: id.optional(),
  label: text,
  notes: text,
  z: z.number().finite(),
  /** The node's settings (since schema version 2); absent when none is set. */
  props: z.strictObject(nodePropSchemas).partial().optional(),
});

export const exportEdgeSchema = z.strictObject({
  id,
  source: id,
  target: id,
  sourceHandle: z.string().min(1).max(64).optional(),
  targetHandle: z.string().min(1).max(64).optional(),
  style: z.enum(EDGE_STYLES),
  twoWay: z.boolean().optional(),
  label: text,
  /** The edge's traffic figures (since schema version 2); absent when none is set. */
  props: z.strictObject(edgePropSchemas).partial().optional(),
});

export const exportDocSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  title: z.string().max(1000),
  nodes: z.array(exportNodeSchema).max(IMPORT_LIMITS.maxNodes),
  edges: z.array(exportEdgeSchema).max(IMPORT_LIMITS.maxEdges),
  answers: z.record(z.string().min(1).max(128), text),
});

export type ExportNode = z.infer<typeof exportNodeSchema>;
export type ExportEdge = z.infer<typeof exportEdgeSchema>;
export type ExportDoc = z.infer<typeof exportDocSchema>;

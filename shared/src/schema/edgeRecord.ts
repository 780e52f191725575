import { z } from 'zod';
import type { EdgeId, NodeId } from './ids';

/** How an edge is drawn: the kinds of traffic a system-design diagram tells apart. */
export const EDGE_STYLES = ['sync', 'async', 'data', 'replication'] as const;
export type EdgeStyle = (typeof EDGE_STYLES)[number];

export interface BoardEdge {
  id: EdgeId;
  source: NodeId;
  target: NodeId;
  sourceHandle?: string;
  targetHandle?: string;
  label: string;
  style: EdgeStyle;
  /** Traffic both ways: drawn with an arrowhead at each end. Absent means one way. */
  twoWay?: true;
  /** The traffic set on this edge (schema version 2); absent when none is. */
  props?: EdgeProps;
}

/** An edge's traffic figures, each its own key of the edge's record. */
export interface EdgeProps {
  /** Requests or messages per second along the edge. */
  rps?: number;
  /** Size of one request or message, in KB. */
  payloadKB?: number;
  /** Copies of each message the target sends on (pub/sub fan-out). */
  fanOut?: number;
}

/** One schema per figure: a bad value drops that figure, not the edge. */
export const edgePropSchemas = {
  rps: z.number().finite().nonnegative().max(1e9),
  payloadKB: z.number().finite().positive().max(1e6),
  fanOut: z.number().finite().positive().max(1e4),
} as const satisfies { [K in keyof Required<EdgeProps>]: z.ZodType<EdgeProps[K]> };

export type EdgePropName = keyof EdgeProps;
export const EDGE_PROP_NAMES = Object.keys(edgePropSchemas) as EdgePropName[];

export const edgeFieldsSchema = z.object({
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.string().max(64).optional(),
  targetHandle: z.string().max(64).optional(),
  style: z.enum(EDGE_STYLES).default('sync'),
  twoWay: z.boolean().optional(),
});

export const EDGE_DEFAULTS = { style: 'sync' } as const satisfies { style: EdgeStyle };

export function isEdgeStyle(value: unknown): value is EdgeStyle {
  return typeof value === 'string' && (EDGE_STYLES as readonly string[]).includes(value);
}

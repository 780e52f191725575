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
}

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

import { z } from 'zod';
import type { NodeId } from './ids';

/** A node as readers see it: plain data, positions relative to `parent` when set. */
export interface BoardNode {
  id: NodeId;
  kind: string;
  x: number;
  y: number;
  /** Width and height: set for containers and notes, absent for icon nodes. */
  w?: number;
  h?: number;
  parent?: NodeId;
  label: string;
  notes?: string;
  z: number;
  /** The settings set on this node (schema version 2); absent when none are. */
  props?: NodeProps;
}

/**
 * A node's typed settings, read by the design review. Each is its own key of the node's
 * record, so concurrent edits of different settings merge; an unset one takes the
 * catalogue's default (`nodeSettings`).
 */
export interface NodeProps {
  /** How many copies run (compute, databases, caches). */
  instances?: number;
  /** Spread over several availability zones. */
  multiAz?: boolean;
  /** Reachable from the internet (entry points). */
  public?: boolean;
  /** Requests per second one instance handles. */
  capacityRps?: number;
  /** Kinesis Data Streams shards. */
  shards?: number;
  /** MSK (Kafka) partitions. */
  partitions?: number;
}

const count = z.number().int().min(1).max(100_000);

/** One schema per setting: a bad value drops that setting, not the node. */
export const nodePropSchemas = {
  instances: count,
  multiAz: z.boolean(),
  public: z.boolean(),
  capacityRps: z.number().finite().positive().max(1e9),
  shards: count,
  partitions: count,
} as const satisfies { [K in keyof Required<NodeProps>]: z.ZodType<NodeProps[K]> };

export type NodePropName = keyof NodeProps;
export const NODE_PROP_NAMES = Object.keys(nodePropSchemas) as NodePropName[];

const finite = z.number().finite();

/** Validates the plain (non-Y.Text) fields of a node record read from the doc. */
export const nodeFieldsSchema = z.object({
  kind: z.string().min(1).max(64),
  x: finite,
  y: finite,
  w: finite.positive().optional(),
  h: finite.positive().optional(),
  parent: z.string().min(1).optional(),
  z: finite.default(0),
});

export const NODE_DEFAULTS = { z: 0 } as const;

export function isBoardNode(value: unknown): value is BoardNode {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.label === 'string' && nodeFieldsSchema.safeParse(v).success;
}

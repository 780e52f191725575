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
}

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

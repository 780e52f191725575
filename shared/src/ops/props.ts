import type * as Y from 'yjs';
import { edgeMap, nodeMap, type RecordMap } from '../schema/docLayout';
import { edgePropSchemas, type EdgeProps } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import { nodePropSchemas, type NodeProps } from '../schema/nodeRecord';
import { err, ok, type Result } from './result';

/** A change to some settings: a value sets one, `null` clears it back to the default. */
export type PropsPatch<T> = { [K in keyof T]?: T[K] | null };

type Schemas<T> = { [K in keyof T]-?: { safeParse(v: unknown): { success: boolean } } };

/** Why a patch cannot be written (an unknown name or a bad value), or undefined. */
function patchProblem<T extends object>(schemas: Schemas<T>, patch: PropsPatch<T>): Result<never> | undefined {
  for (const [name, value] of Object.entries(patch)) {
    if (!Object.hasOwn(schemas, name)) return err('invalid-value', `no setting "${name}"`);
    if (value !== null && value !== undefined && !schemas[name as keyof T].safeParse(value).success)
      return err('invalid-value', `${name} cannot be ${JSON.stringify(value)}`);
  }
  return undefined;
}

export const nodePropsProblem = (props: PropsPatch<NodeProps>) => patchProblem(nodePropSchemas, props);
export const edgePropsProblem = (props: PropsPatch<EdgeProps>) => patchProblem(edgePropSchemas, props);

/** Writes checked settings into a record that is being created (inside its transaction). */
export function writeProps(record: RecordMap, props: NodeProps | EdgeProps | undefined): void {
  for (const [name, value] of Object.entries(props ?? {})) if (value !== undefined) record.set(name, value);
}

function patchRecord<T extends object>(
  doc: Y.Doc,
  record: RecordMap,
  schemas: Schemas<T>,
  patch: PropsPatch<T>,
  origin: unknown,
): Result<number> {
  const problem = patchProblem(schemas, patch);
  if (problem) return problem;
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
  let changed = 0;
  doc.transact(() => {
    for (const [name, value] of entries) {
      if (value === null ? !record.has(name) : record.get(name) === value) continue;
      if (value === null) record.delete(name);
      else record.set(name, value);
      changed++;
    }
  }, origin);
  return ok(changed);
}

/**
 * Sets or clears settings of one node in one transaction (one undo step). Every value is
 * checked first: one bad value refuses the whole patch and changes nothing. The answer is
 * the number of settings that changed.
 */
export function setNodeProps(doc: Y.Doc, id: NodeId, patch: PropsPatch<NodeProps>, origin?: unknown): Result<number> {
  const record = nodeMap(doc, id);
  if (!record) return err('missing-node', id);
  return patchRecord(doc, record, nodePropSchemas, patch, origin);
}

/** `setNodeProps` for an edge's traffic figures. */
export function setEdgeProps(doc: Y.Doc, id: EdgeId, patch: PropsPatch<EdgeProps>, origin?: unknown): Result<number> {
  const record = edgeMap(doc, id);
  if (!record) return err('missing-edge', id);
  return patchRecord(doc, record, edgePropSchemas, patch, origin);
}

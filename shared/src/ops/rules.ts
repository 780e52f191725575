/**
 * Pure rules on plain data: no Y.Doc here, so each rule is trivial to test and the
 * appliers and the reader share one definition of it.
 */
import { catalogEntry } from '../catalog/catalog';
import type { NodeId } from '../schema/ids';
import type { OpErrorCode } from './result';

/** Whether an edge may join these two kinds, or why not. */
export function connectionProblem(
  source: { id: string; kind: string },
  target: { id: string; kind: string },
): OpErrorCode | undefined {
  if (source.id === target.id) return 'self-loop';
  const s = catalogEntry(source.kind);
  const t = catalogEntry(target.kind);
  if (!s || !t) return 'unknown-kind';
  if (!s.connectable || !t.connectable) return 'not-connectable';
  return undefined;
}

export function isContainerKind(kind: string): boolean {
  return catalogEntry(kind)?.shape === 'group';
}

/** True when making `parent` the parent of `id` would put `id` inside itself. */
export function wouldCycle(parentOf: ReadonlyMap<string, string | undefined>, id: string, parent: string): boolean {
  const seen = new Set<string>();
  for (let at: string | undefined = parent; at !== undefined; at = parentOf.get(at)) {
    if (at === id) return true;
    if (seen.has(at)) return false; // an existing cycle elsewhere; the reader breaks it
    seen.add(at);
  }
  return false;
}

/**
 * The nodes whose parent link must be ignored so that no parent chain loops. In each
 * cycle the node with the smallest id loses its parent: every replica holding the same
 * doc picks the same node, so concurrent "A into B, B into A" resolves the same way
 * everywhere.
 */
export function cycleBreakers(parentOf: ReadonlyMap<string, string | undefined>): Set<string> {
  const breakers = new Set<string>();
  const done = new Set<string>();
  for (const start of parentOf.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let at: string | undefined = start;
    while (at !== undefined && !done.has(at) && !onPath.has(at)) {
      path.push(at);
      onPath.add(at);
      const next = parentOf.get(at);
      at = next !== undefined && breakers.has(at) ? undefined : next;
    }
    if (at !== undefined && onPath.has(at)) {
      const cycle = path.slice(path.indexOf(at));
      breakers.add(cycle.reduce((min, id) => (id < min ? id : min)));
    }
    for (const id of path) done.add(id);
  }
  return breakers;
}

/** `ids` plus every node nested inside them, at any depth. */
export function withDescendants(parentOf: ReadonlyMap<string, string | undefined>, ids: Iterable<NodeId>): Set<NodeId> {
  const result = new Set<NodeId>(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, parent] of parentOf) {
      if (parent !== undefined && result.has(parent as NodeId) && !result.has(id as NodeId)) {
        result.add(id as NodeId);
        grew = true;
      }
    }
  }
  return result;
}

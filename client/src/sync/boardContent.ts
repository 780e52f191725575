import type { Board, BoardNode } from '@archboard/shared';

/** What is drawn where: the fields of a node that moves, resizes and reordering change. */
export type Geometry = 'x' | 'y' | 'w' | 'h' | 'z';

/**
 * The board without where its nodes are drawn: what the panels around the canvas read
 * (title, labels, settings, answers). A `Board` is one; `BoardStore.getContent` keeps the
 * same object while only geometry changes, so a drag does not re-render the page around
 * the canvas. Its nodes' positions may be stale, which the type hides.
 */
export interface BoardContent extends Omit<Board, 'nodes'> {
  nodes: Omit<BoardNode, Geometry>[];
}

export const GEOMETRY: ReadonlySet<string> = new Set<Geometry>(['x', 'y', 'w', 'h', 'z']);
const NOTHING: ReadonlySet<string> = new Set();

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Equal plain data, leaving out the top-level keys in `skip`. Records the reader did not
 * touch are the same objects, so an unchanged board costs a pointer comparison per record.
 */
export function sameData(a: unknown, b: unknown, skip: ReadonlySet<string> = NOTHING): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return sameList(a, b);
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!skip.has(key) && !sameData(a[key], b[key])) return false;
  return true;
}

/** Equal lists of plain data, each item compared as `sameData` with `skip`. */
export const sameList = <T>(a: readonly T[], b: readonly T[], skip: ReadonlySet<string> = NOTHING): boolean =>
  a === b || (a.length === b.length && a.every((item, i) => sameData(item, b[i], skip)));

/** Whether `next` differs from `content` in anything but its nodes' geometry. */
export function contentChanged(content: BoardContent, next: Board): boolean {
  return !(
    content.title === next.title &&
    content.schemaVersion === next.schemaVersion &&
    content.createdAt === next.createdAt &&
    sameList(content.nodes, next.nodes, GEOMETRY) &&
    sameList(content.edges, next.edges) &&
    sameData(content.answers, next.answers) &&
    sameData(content.dismissals, next.dismissals) &&
    sameList(content.problems, next.problems)
  );
}

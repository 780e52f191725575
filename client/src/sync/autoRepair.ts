import type * as Y from 'yjs';
import { repairBoard, type Problem } from '@archboard/shared';
import type { BoardStore } from './BoardStore';
import { isClientOrigin, type ClientOrigin } from './origins';

/** Problems that `repairBoard` fixes in the doc itself; the others are only hidden by the reader. */
const REPAIRABLE: ReadonlySet<Problem['type']> = new Set(['dangling-edge', 'parent-cycle', 'missing-parent']);

export const needsRepair = (problems: readonly Problem[]): boolean => problems.some((p) => REPAIRABLE.has(p.type));

/**
 * After every transaction that did not come from this tab's own gestures (a remote
 * update, IndexedDB, an undo), checks the board and writes the repairs `readBoard`
 * reports as needed. `repairBoard` is idempotent, so several clients repairing the same
 * problem at once converge. Runs in a microtask: never inside another transaction.
 */
export function startAutoRepair(
  doc: Y.Doc,
  store: BoardStore,
  origin: ClientOrigin,
  /** Repairs wait for a synced connection: before it, an edge can arrive ahead of its node (another tab, IndexedDB). */
  isSynced: () => boolean = () => true,
): { stop: () => void; check: () => void } {
  let scheduled = false;
  let stopped = false;
  const check = () => {
    scheduled = false;
    if (stopped || !isSynced()) return;
    if (needsRepair(store.getSnapshot().problems)) repairBoard(doc, origin);
  };
  const onTransaction = (transaction: Y.Transaction) => {
    // This tab's gestures, repairs and init cannot create these problems; undo can (its
    // origin is the UndoManager), and so can anything remote.
    if (isClientOrigin(transaction.origin) || scheduled) return;
    scheduled = true;
    queueMicrotask(check);
  };
  doc.on('afterTransaction', onTransaction);
  queueMicrotask(check);
  return {
    check,
    stop: () => {
      stopped = true;
      doc.off('afterTransaction', onTransaction);
    },
  };
}

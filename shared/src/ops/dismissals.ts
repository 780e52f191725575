import type * as Y from 'yjs';
import { boardMaps } from '../schema/docLayout';
import { MAX_DISMISSAL_REASON, type Dismissal } from '../schema/reviewRecord';

/**
 * Dismisses a design-review finding for everyone on the board (one undo step). The reason
 * is trimmed and cut to `MAX_DISMISSAL_REASON`.
 */
export function dismissFinding(doc: Y.Doc, key: string, dismissal: Dismissal, origin?: unknown): void {
  const value: Dismissal = {
    reason: dismissal.reason.trim().slice(0, MAX_DISMISSAL_REASON),
    by: dismissal.by.slice(0, 200),
    at: dismissal.at,
  };
  doc.transact(() => boardMaps(doc).review.set(key, value), origin);
}

/** Brings a dismissed finding back. */
export function reopenFinding(doc: Y.Doc, key: string, origin?: unknown): void {
  const { review } = boardMaps(doc);
  if (review.has(key)) doc.transact(() => review.delete(key), origin);
}

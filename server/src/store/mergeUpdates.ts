import * as Y from 'yjs';

/**
 * One update equal to `updates` applied in order, with deleted content dropped (a doc with
 * garbage collection, unlike Y.mergeUpdates, which keeps every deleted string): what a
 * compaction stores.
 */
export function mergeUpdatesWithGc(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => updates.forEach((update) => Y.applyUpdate(doc, update)));
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}

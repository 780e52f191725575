import type * as Y from 'yjs';
import { boardMaps, readBoard, type Board } from '@archboard/shared';

/**
 * The board as React reads it: `readBoard(doc)`, recomputed lazily after any change to
 * the doc and otherwise the same object, so `useSyncExternalStore` sees a stable
 * snapshot. It observes the root maps for the whole life of the session (not only while
 * a component listens), so a snapshot is never stale.
 */
export class BoardStore {
  private snapshot: Board;
  private dirty = false;
  private readonly listeners = new Set<() => void>();
  private readonly unobserve: () => void;

  constructor(private readonly doc: Y.Doc) {
    this.snapshot = readBoard(doc);
    const roots = Object.values(boardMaps(doc));
    const onChange = () => {
      if (this.dirty) return; // one notification per batch of root events
      this.dirty = true;
      for (const listener of [...this.listeners]) listener();
    };
    for (const root of roots) root.observeDeep(onChange);
    this.unobserve = () => roots.forEach((root) => root.unobserveDeep(onChange));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Board => {
    if (this.dirty) {
      this.snapshot = readBoard(this.doc);
      this.dirty = false;
    }
    return this.snapshot;
  };

  destroy(): void {
    this.unobserve();
    this.listeners.clear();
  }
}

import type * as Y from 'yjs';
import { boardMaps, IncrementalBoardReader, type Board } from '@archboard/shared';
import { contentChanged, type BoardContent } from './boardContent';

/** Schedules `run` before the next paint (once per frame), or soon where there are no frames. */
const nextFrame = (run: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  else setTimeout(run, 0);
};

/**
 * The board as React reads it: `readBoard(doc)`, kept by an incremental reader that
 * validates again only the records a change touched. Listeners hear of changes at most
 * once per animation frame for changes from elsewhere (a peer dragging 50 nodes at 20 Hz
 * costs one render per frame, not one per update), and right away for this tab's own
 * edits (a drag shows in the frame it was made). It observes the root maps for the whole
 * life of the session, so a snapshot is never stale.
 */
export class BoardStore {
  private snapshot: Board;
  private content: BoardContent;
  /** The snapshot `content` was last compared with. */
  private contentOf: Board;
  private dirty = false;
  /** Listeners are owed a notification; one is queued for the next frame and/or microtask. */
  private owed = false;
  private frameQueued = false;
  private microtaskQueued = false;
  private readonly reader: IncrementalBoardReader;
  private readonly listeners = new Set<() => void>();
  private readonly unobserve: () => void;

  constructor(
    doc: Y.Doc,
    /** Whether a transaction's origin is this tab's own (its edits render at once). */
    private readonly isLocal: (origin: unknown) => boolean = () => false,
  ) {
    this.reader = new IncrementalBoardReader(doc);
    this.snapshot = this.reader.read();
    this.content = this.contentOf = this.snapshot;
    const roots = Object.values(boardMaps(doc));
    const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
      this.reader.note(events);
      this.dirty = true;
      this.schedule(this.isLocal(transaction.origin));
    };
    for (const root of roots) root.observeDeep(onChange);
    this.unobserve = () => roots.forEach((root) => root.unobserveDeep(onChange));
  }

  private schedule(now: boolean): void {
    this.owed = true;
    if (now && !this.microtaskQueued) {
      this.microtaskQueued = true;
      queueMicrotask(() => {
        this.microtaskQueued = false;
        this.notify();
      });
    } else if (!now && !this.frameQueued) {
      this.frameQueued = true;
      nextFrame(() => {
        this.frameQueued = false;
        this.notify();
      });
    }
  }

  private notify(): void {
    if (!this.owed) return;
    this.owed = false;
    for (const listener of [...this.listeners]) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Board => {
    if (this.dirty) {
      this.snapshot = this.reader.read();
      this.dirty = false;
    }
    return this.snapshot;
  };

  /**
   * The board as the panels around the canvas read it: the same object until something
   * other than where nodes are drawn changes (`contentChanged`), so a drag re-renders the
   * canvas and not the header, palette and panels. Subscribe with `subscribe`.
   */
  getContent = (): BoardContent => {
    const board = this.getSnapshot();
    if (board === this.contentOf) return this.content;
    this.contentOf = board;
    if (contentChanged(this.content, board)) this.content = board;
    return this.content;
  };

  destroy(): void {
    this.unobserve();
    this.listeners.clear();
  }
}

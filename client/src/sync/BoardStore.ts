import type * as Y from 'yjs';
import { boardMaps, IncrementalBoardReader, type Board } from '@archboard/shared';
import { contentChanged, type BoardContent } from './boardContent';

/** Changes from elsewhere render at most once in this long: one frame of a 60 Hz screen. */
export const REMOTE_RENDER_MS = 16;

/**
 * Runs `run` for changes from elsewhere: in a task of its own once `wait` ms have passed,
 * or, in a hidden tab, at its next frame (none come while it is hidden, so a board in a
 * background tab renders nothing until it is looked at).
 */
const later = (run: () => void, wait: number): void => {
  if (typeof document !== 'undefined' && document.hidden && typeof requestAnimationFrame === 'function')
    requestAnimationFrame(run);
  else setTimeout(run, Math.max(0, wait));
};

/**
 * The board as React reads it: `readBoard(doc)`, kept by an incremental reader that
 * validates again only the records a change touched. Listeners hear of changes from
 * elsewhere at most once per frame interval (REMOTE_RENDER_MS: a peer dragging 50 nodes at
 * 20 Hz costs one render per frame, not one per update), and right away for this tab's own
 * edits (a drag shows in the frame it was made). It observes the root maps for the whole
 * life of the session, so a snapshot is never stale.
 *
 * Changes from elsewhere render in a task of their own, not in the next frame's callback:
 * the browser holds that callback back until the last frame's tiles are painted, so a
 * render there waited for the raster, and the raster then for the render. In a task React
 * renders while the tiles are painted, and the frame only lays out what it rendered.
 * (Waiting for a frame to start between two such renders brought the wait back.)
 */
export class BoardStore {
  private snapshot: Board;
  private content: BoardContent;
  /** The snapshot `content` was last compared with. */
  private contentOf: Board;
  private dirty = false;
  /** Listeners are owed a notification; one is queued for the next frame and/or microtask. */
  private owed = false;
  /** A task is queued to hand changes from elsewhere to the listeners. */
  private remoteQueued = false;
  /** When changes from elsewhere were last handed on (performance.now()). */
  private remoteNotifiedAt = -Infinity;
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
    } else if (!now) this.scheduleRemote();
  }

  private scheduleRemote(): void {
    if (this.remoteQueued) return;
    this.remoteQueued = true;
    later(
      () => {
        this.remoteQueued = false;
        this.remoteNotifiedAt = performance.now();
        this.notify();
      },
      this.remoteNotifiedAt + REMOTE_RENDER_MS - performance.now(),
    );
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

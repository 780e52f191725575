import * as Y from 'yjs';
import { boardMaps, readBoard, type Board } from '@archboard/shared';

/** Who made a step: their presence name and colour at the time. */
export interface Author {
  name: string;
  color: string;
}

/** A step of the replay, decoded once: its server time, its author (null: unknown) and its Yjs update. */
export interface TimelineStep {
  at: number;
  by: Author | null;
  update: Uint8Array;
}

/** The board's state is kept every this many steps, so going back never re-applies more than these. */
export const CHECKPOINT_EVERY = 64;

/**
 * An interview board's replay, as positions: position k is the board after its first k
 * steps (0: an empty document; the length: the board as it was when the replay was read).
 *
 * Every step is applied once, in order, to a head document when it is appended: that pass
 * records who first added each node (the author of the step in which its id appeared in
 * the nodes map; a node deleted and added again keeps its first author), which steps
 * changed each node and by whom, and keeps a checkpoint of the state every
 * CHECKPOINT_EVERY steps. `boardAt` then moves a cursor
 * document forward from where it is, or from the nearest checkpoint before the position,
 * so scrubbing back and forth and playing never start again from step 0.
 */
export class ReplayTimeline {
  private readonly steps: TimelineStep[] = [];
  private readonly head = new Y.Doc();
  private readonly creators = new Map<string, Author>();
  /** Per node, the steps (with a known author) that added or changed it, in order. */
  private readonly changes = new Map<string, { step: number; by: Author }[]>();
  private readonly people = new Map<string, Author>();
  private readonly checkpoints: Uint8Array[] = [Y.encodeStateAsUpdate(new Y.Doc())];
  /** Steps whose update did not decode: skipped by the head, and so by every cursor. */
  private readonly broken = new Set<number>();
  private cursor: { doc: Y.Doc; position: number } | undefined;
  private shown: { position: number; board: Board } | undefined;
  /** The author of the step being applied to the head, read by the nodes observer. */
  private applying: Author | null = null;

  constructor(steps: readonly TimelineStep[] = []) {
    const nodes = boardMaps(this.head).nodes;
    nodes.observe((event) => {
      const by = this.applying;
      if (!by) return;
      event.changes.keys.forEach((change, id) => {
        if (change.action === 'add' && !this.creators.has(id)) this.creators.set(id, by);
      });
    });
    nodes.observeDeep((events) => {
      const by = this.applying;
      if (!by) return;
      const step = this.steps.length - 1;
      for (const event of events) {
        // The nodes map itself names the ids; a change inside a node is under its id.
        const ids = event.target === nodes ? [...event.changes.keys.keys()] : [String(event.path[0])];
        for (const id of ids) {
          const list = this.changes.get(id) ?? [];
          if (list.at(-1)?.step !== step) list.push({ step, by });
          this.changes.set(id, list);
        }
      }
    });
    this.append(steps);
  }

  get length(): number {
    return this.steps.length;
  }

  /** The server time of each step, oldest first. */
  get times(): number[] {
    return this.steps.map((step) => step.at);
  }

  /** The time of the step that brought the board to `position` (the first step's for 0); undefined without steps. */
  timeAt(position: number): number | undefined {
    return this.steps[Math.min(Math.max(position, 1), this.steps.length) - 1]?.at;
  }

  /** Adds steps after the last one (the replay is append-only: a later read starts with the same steps). */
  append(steps: readonly TimelineStep[]): void {
    for (const step of steps) {
      this.steps.push(step);
      if (step.by && !this.people.has(personKey(step.by))) this.people.set(personKey(step.by), step.by);
      this.applying = step.by;
      try {
        Y.applyUpdate(this.head, step.update);
      } catch (e) {
        // One step the server stored but that does not decode: the replay shows the board without it.
        this.broken.add(this.steps.length - 1);
        console.warn(`archboard: replay step ${this.steps.length - 1} is not a Yjs update; skipped`, e);
      } finally {
        this.applying = null;
      }
      if (this.steps.length % CHECKPOINT_EVERY === 0) this.checkpoints.push(Y.encodeStateAsUpdate(this.head));
    }
  }

  /** Who first added the node, if the server knew. */
  creatorOf(nodeId: string): Author | undefined {
    return this.creators.get(nodeId);
  }

  /** Who last added or changed the node in the first `position` steps, if the server knew. */
  lastChangeOf(nodeId: string, position: number): Author | undefined {
    const list = this.changes.get(nodeId);
    if (!list) return undefined;
    // The last change at a step before `position` (steps are recorded in order).
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid]!.step < position) low = mid + 1;
      else high = mid;
    }
    return list[low - 1]?.by;
  }

  /** Everyone who made a step, in the order they first did. */
  authors(): Author[] {
    return [...this.people.values()];
  }

  /** The board after the first `position` steps (clamped to the timeline). The same object for the same position, asked twice in a row. */
  boardAt(position: number): Board {
    const target = Math.min(Math.max(Math.round(position), 0), this.steps.length);
    if (this.shown?.position === target) return this.shown.board;
    const checkpoint = Math.min(Math.floor(target / CHECKPOINT_EVERY), this.checkpoints.length - 1);
    const cursor = this.cursor;
    const reusable = cursor && cursor.position <= target && cursor.position >= checkpoint * CHECKPOINT_EVERY;
    if (!reusable) {
      cursor?.doc.destroy();
      const doc = new Y.Doc();
      Y.applyUpdate(doc, this.checkpoints[checkpoint]!);
      this.cursor = { doc, position: checkpoint * CHECKPOINT_EVERY };
    }
    const at = this.cursor!;
    for (; at.position < target; at.position++)
      if (!this.broken.has(at.position)) Y.applyUpdate(at.doc, this.steps[at.position]!.update);
    const board = readBoard(at.doc);
    this.shown = { position: target, board };
    return board;
  }

  destroy(): void {
    this.head.destroy();
    this.cursor?.doc.destroy();
    this.cursor = undefined;
    this.shown = undefined;
  }
}

export const personKey = (author: Author): string => `${author.name}\u0000${author.color}`;

import {
  estimateLoad,
  firstToSaturate,
  lintBoard,
  openFindings,
  type Board,
  type Dismissal,
  type Estimate,
  type Finding,
  type Saturation,
  type Severity,
} from '@archboard/shared';
import { GEOMETRY, sameData, sameList } from '../sync/boardContent';

/** How long the review waits after the last change: drags and typing are not reviewed per frame. */
export const REVIEW_DEBOUNCE_MS = 120;

export interface ReviewState {
  /** False until the board's first review has run (it waits for the page to be idle). */
  reviewed: boolean;
  /** Open findings, most severe first. */
  open: Finding[];
  dismissed: { finding: Finding; dismissal: Dismissal }[];
  estimate: Estimate;
  growth: number;
  /** What saturates first as traffic grows ×1, ×10, ×100. */
  saturation: Saturation | undefined;
  /** The most severe open finding on each node. */
  severity: ReadonlyMap<string, Severity>;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Whether `next` differs from `board` in anything the review reads. Moves and resizes do
 * not count: a peer dragging 50 nodes must not re-review the board and re-render every
 * badge many times a second. Records the reader did not touch are the same objects, so
 * this costs a pointer comparison per record.
 */
export function reviewInputsChanged(board: Board, next: Board): boolean {
  return !(
    sameList(board.nodes, next.nodes, GEOMETRY) &&
    sameList(board.edges, next.edges) &&
    sameData(board.answers, next.answers) &&
    sameData(board.dismissals, next.dismissals)
  );
}

function review(board: Board, growth: number): ReviewState {
  const findings = lintBoard(board);
  const open = openFindings(findings, board.dismissals);
  const dismissed = findings.flatMap((finding) => {
    const dismissal = board.dismissals[finding.key];
    return dismissal ? [{ finding, dismissal }] : [];
  });
  const severity = new Map<string, Severity>();
  for (const finding of open) {
    if (finding.severity === 'info') continue;
    for (const id of finding.nodes) {
      const was = severity.get(id);
      if (!was || RANK[finding.severity] < RANK[was]) severity.set(id, finding.severity);
    }
  }
  return {
    reviewed: true,
    open,
    dismissed,
    estimate: estimateLoad(board, { growth }),
    growth,
    saturation: firstToSaturate(board),
    severity,
  };
}

/** The state before the first review: nothing found yet, no load known. */
const UNREVIEWED: ReviewState = {
  reviewed: false,
  open: [],
  dismissed: [],
  estimate: { entryRps: 0, entrySource: 'none', nodes: {}, edges: {}, bottlenecks: [], cycles: [] },
  growth: 1,
  saturation: undefined,
  severity: new Map(),
};

/** Runs `run` later (when the page is idle, say); returns what cancels it. */
export type Later = (run: () => void) => () => void;

/**
 * The design review of the board on screen: findings and load estimates, recomputed a
 * moment after the board stops changing (all pure functions of `readBoard`'s output, so
 * every page shows the same review of the same board). Nodes subscribe to their own badge.
 */
export class ReviewStore {
  private state: ReviewState;
  private board: Board;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;
  /** Whether load badges show on the canvas (while the review panel is open). */
  private showLoad = false;
  /** Bumped at every change (emit). */
  private version = 0;

  /** Cancels the first review while it waits. */
  private cancelFirst: (() => void) | undefined;

  /**
   * With `firstReview`, the board's first review waits for it: on a board of 1,000 nodes it
   * takes about 45 ms, which the page's first render of the board does not wait for.
   */
  constructor(source: { subscribe(listener: () => void): () => void; getSnapshot(): Board }, firstReview?: Later) {
    this.board = source.getSnapshot();
    if (firstReview) {
      this.state = UNREVIEWED;
      this.cancelFirst = firstReview(() => this.refresh());
    } else this.state = review(this.board, 1);
    this.unsubscribe = source.subscribe(() => {
      const board = source.getSnapshot();
      if (board === this.board) return;
      const changed = reviewInputsChanged(this.board, board);
      this.board = board;
      if (changed) this.schedule();
    });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REVIEW_DEBOUNCE_MS);
  }

  private refresh(): void {
    this.cancelFirst?.();
    this.cancelFirst = undefined;
    this.state = review(this.board, this.state.growth);
    this.emit();
  }

  private emit(): void {
    this.version++;
    for (const listener of [...this.listeners]) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReviewState => this.state;

  /** Counts the changes: what the canvas's badges follow (ReviewProvider). */
  getVersion = (): number => this.version;

  setGrowth(growth: number): void {
    if (growth === this.state.growth) return;
    this.state = { ...this.state, growth, estimate: estimateLoad(this.board, { growth }) };
    this.emit();
  }

  setShowLoad(show: boolean): void {
    if (show === this.showLoad) return;
    this.showLoad = show;
    this.emit();
  }

  /** The badge of one node, as a primitive so a node re-renders only when its own changes. */
  severityOf = (id: string): Severity | undefined => this.state.severity.get(id);

  /**
   * A node's utilisation in whole percent while load badges show, else undefined. None while
   * the board states no traffic anywhere (question 5, an edge's rps): every load is then 0,
   * and a 0 % badge would say a service is idle when nothing is known about it.
   */
  utilisationOf = (id: string): number | undefined => {
    if (!this.showLoad || this.state.estimate.entrySource === 'none') return undefined;
    const utilisation = this.state.estimate.nodes[id as keyof Estimate['nodes']]?.utilisation;
    return utilisation === undefined ? undefined : Math.round(utilisation * 100);
  };

  /** The review of a board that does not change: a version or a replay step on screen. */
  static of(board: Board): ReviewStore {
    return new ReviewStore({ subscribe: () => () => undefined, getSnapshot: () => board });
  }

  destroy(): void {
    this.cancelFirst?.();
    clearTimeout(this.timer);
    this.unsubscribe();
    this.listeners.clear();
  }
}

/**
 * Local view state (never leaves the tab): what is selected, how big React Flow measured
 * each node, and which nodes are being dragged or resized. Kept apart from the doc and
 * merged into React Flow's props at render time.
 */
export interface Size {
  width: number;
  height: number;
}

export interface ViewState {
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  measured: ReadonlyMap<string, Size>;
  dragging: ReadonlySet<string>;
  resizing: ReadonlySet<string>;
  /** The edge whose label is being typed in, if any. */
  editingEdge: string | null;
  /** The container a node being dragged would join if let go now (`dropProbe`), if any. */
  dropTarget: string | null;
}

const EMPTY: ViewState = {
  selectedNodes: new Set(),
  selectedEdges: new Set(),
  measured: new Map(),
  dragging: new Set(),
  resizing: new Set(),
  editingEdge: null,
  dropTarget: null,
};

/** Returns `set` with `id` in or out, or `set` itself when nothing changes. */
export function toggled<T>(set: ReadonlySet<T>, id: T, on: boolean): ReadonlySet<T> {
  if (set.has(id) === on) return set;
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

export class ViewStore {
  private state: ViewState = EMPTY;
  private shown = false;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ViewState => this.state;

  /**
   * Whether the board's content has been on screen once: its nodes measured and framed, or
   * an empty board synced (useFitOnLoad says so). What can wait for it, waits: the palette's
   * icons, whose image documents would otherwise hold up the first render of a big board.
   */
  isShown = (): boolean => this.shown;

  markShown(): void {
    if (this.shown) return;
    this.shown = true;
    this.notify();
  }

  /** Applies `recipe` to the current state; listeners run only if it returned a new state. */
  update(recipe: (state: ViewState) => ViewState): void {
    const next = recipe(this.state);
    if (next === this.state) return;
    this.state = next;
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Forgets everything about ids that are no longer on the board. */
  prune(nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): void {
    this.update((s) => {
      const keep = <T>(set: ReadonlySet<T & string>, live: ReadonlySet<string>) =>
        [...set].every((id) => live.has(id)) ? set : new Set([...set].filter((id) => live.has(id)));
      const measured = [...s.measured.keys()].every((id) => nodeIds.has(id))
        ? s.measured
        : new Map([...s.measured].filter(([id]) => nodeIds.has(id)));
      const next = {
        selectedNodes: keep(s.selectedNodes, nodeIds),
        selectedEdges: keep(s.selectedEdges, edgeIds),
        measured,
        dragging: keep(s.dragging, nodeIds),
        resizing: keep(s.resizing, nodeIds),
        editingEdge: s.editingEdge !== null && edgeIds.has(s.editingEdge) ? s.editingEdge : null,
        dropTarget: s.dropTarget !== null && nodeIds.has(s.dropTarget) ? s.dropTarget : null,
      };
      return (Object.keys(next) as (keyof ViewState)[]).every((k) => next[k] === s[k]) ? s : next;
    });
  }
}

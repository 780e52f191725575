import type { BoardId } from '@archboard/shared';
import type { Bus, BusHandlers, BusSubscription, LinksChange } from './Bus';

type Listener = { instance: LocalBus; handlers: BusHandlers };

/** The in-process medium that LocalBus endpoints share, as instances share one Redis. */
export class LocalBusHub {
  readonly boards = new Map<BoardId, Set<Listener>>();
}

/**
 * One instance's endpoint on an in-process hub. Messages reach every other endpoint
 * subscribed to the board and never the publisher itself, the contract RedisBus keeps
 * with instance ids. A single server process owns a hub of its own, so it hears nothing;
 * tests put several room registries on one hub.
 */
export class LocalBus implements Bus {
  constructor(private readonly hub = new LocalBusHub()) {}

  async subscribe(board: BoardId, handlers: BusHandlers): Promise<BusSubscription> {
    let listeners = this.hub.boards.get(board);
    if (!listeners) this.hub.boards.set(board, (listeners = new Set()));
    const listener = { instance: this, handlers };
    listeners.add(listener);
    return {
      // delivery is synchronous and the store is shared in-process: nothing to catch up
      resume: () => {},
      close: async () => {
        listeners.delete(listener);
        if (listeners.size === 0) this.hub.boards.delete(board);
      },
    };
  }

  publishUpdate(board: BoardId, update: Uint8Array): void {
    for (const l of this.others(board)) l.handlers.update(update);
  }

  publishAwareness(board: BoardId, update: Uint8Array): void {
    for (const l of this.others(board)) l.handlers.awareness(update);
  }

  publishLinks(board: BoardId, change: LinksChange): void {
    for (const l of this.others(board)) l.handlers.links(change);
  }

  private others(board: BoardId): Listener[] {
    return [...(this.hub.boards.get(board) ?? [])].filter((l) => l.instance !== this);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    for (const [board, listeners] of this.hub.boards) {
      for (const l of listeners) if (l.instance === this) listeners.delete(l);
      if (listeners.size === 0) this.hub.boards.delete(board);
    }
  }
}

import type { Logger } from 'pino';
import type { BoardId } from '@archboard/shared';
import type { Connection } from './Connection';
import { Room, type RoomDeps } from './Room';

export interface RegistryOptions {
  /** How long a room with no connections stays loaded. */
  idleMs: number;
  /** How long shutdown waits for a room to store what it holds. */
  shutdownGraceMs: number;
  /** Boards this instance holds at most; a join that would load one more is closed with 4513 and retries. */
  maxLoadedBoards?: number;
}

/**
 * The open rooms of this instance. One load per board however many clients join at
 * once: the first join creates the room and starts its load, later joins attach to it
 * and wait with their frames queued. A room left empty is unloaded after `idleMs`; a
 * client joining while that happens waits for it and then loads the board afresh.
 */
export class RoomRegistry {
  private readonly rooms = new Map<BoardId, Room>();
  private shuttingDown = false;
  /** How many times a board was loaded from the store since start (for /healthz and tests). */
  loads = 0;

  constructor(
    private readonly deps: RoomDeps,
    private readonly options: RegistryOptions,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.rooms.size;
  }

  get connections(): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.connections.size;
    return count;
  }

  get(board: BoardId): Room | undefined {
    return this.rooms.get(board);
  }

  async join(conn: Connection): Promise<Room | undefined> {
    for (;;) {
      if (this.shuttingDown) return (conn.close('goingAway'), undefined);
      const existing = this.rooms.get(conn.board);
      if (existing && (existing.state === 'closing' || existing.state === 'closed')) {
        await existing.closed;
        if (!conn.isOpen) return undefined;
        continue;
      }
      if (!existing && this.rooms.size >= (this.options.maxLoadedBoards ?? Infinity)) {
        // Full: a board nobody has open (waiting out its idle time) makes room; else retry later.
        const idle = [...this.rooms.values()].find((r) => r.state === 'open' && r.connections.size === 0);
        if (!idle) return (conn.close('busy', `${this.rooms.size} boards loaded`), undefined);
        await this.unload(idle);
        if (!conn.isOpen) return undefined;
        continue;
      }
      const room = existing ?? this.open(conn.board);
      // onClose first: the room may close the connection as it joins (a link reset meanwhile).
      conn.onClose = () => this.leave(room, conn);
      room.add(conn);
      return room;
    }
  }

  private open(board: BoardId): Room {
    const room = new Room(board, this.deps);
    this.loads++;
    this.rooms.set(board, room);
    room.load().then(
      () => this.noteOpened(board),
      (e: unknown) => {
        this.log.error({ board, err: e }, 'loading the board failed; closing its connections');
        for (const conn of [...room.connections]) conn.close('internal', 'load failed');
        void this.unload(room);
      },
    );
    return room;
  }

  /**
   * Someone opened the board (their link passed the upgrade): it is no longer a board nobody
   * ever opened, which the unopened-board sweep removes. Once per load, off the join's path.
   */
  private noteOpened(board: BoardId): void {
    this.deps.store.markOpened(board).catch((e: unknown) => {
      // Tried again at the board's next load. A board whose every mark failed still counts
      // as never opened, and the sweep removes it once it is old enough.
      this.log.warn({ board, err: e }, 'could not note that the board was opened');
    });
  }

  private leave(room: Room, conn: Connection): void {
    if (!room.remove(conn) || room.state !== 'open') return;
    clearTimeout(room.idleTimer);
    room.idleTimer = setTimeout(() => {
      if (room.connections.size === 0) void this.unload(room);
    }, this.options.idleMs);
    room.idleTimer.unref();
  }

  private async unload(room: Room): Promise<void> {
    try {
      await room.close();
    } catch (e) {
      this.log.error({ board: room.board, err: e }, 'unloading the room failed');
    } finally {
      if (this.rooms.get(room.board) === room) this.rooms.delete(room.board);
    }
  }

  /**
   * The docs of every room were lost (the doc thread died): each room is closed, its
   * clients reconnect, and the board loads again from the store, which holds all of it.
   */
  docsLost(): void {
    for (const room of [...this.rooms.values()]) {
      for (const conn of [...room.connections]) conn.close('internal', 'board state lost; reconnect');
      void this.unload(room);
    }
  }

  /** Refuses new joins, stores what every room holds (within the grace period) and closes all with 1001. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    const grace = new Promise<void>((resolve) => setTimeout(resolve, this.options.shutdownGraceMs).unref());
    await Promise.race([Promise.all([...this.rooms.values()].map((room) => this.unload(room))), grace]);
  }
}

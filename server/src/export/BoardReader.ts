import * as Y from 'yjs';
import type { Board, BoardId } from '@archboard/shared';
import { boardOf } from '../history/HistoryService';
import type { Room } from '../rooms/Room';
import type { RoomRegistry } from '../rooms/RoomRegistry';
import type { Store } from '../store/Store';

/**
 * Reads a board for an export or a history request, without opening a room: from the
 * room's doc when this instance has the board open (it holds exactly what is stored), and
 * otherwise straight from the store, as any instance of a cluster can.
 */
export class BoardReader {
  constructor(
    private readonly store: Store,
    private readonly rooms: Pick<RoomRegistry, 'get'>,
  ) {}

  /** Whether the board exists (was created and not deleted): an open room's does. */
  async exists(board: BoardId): Promise<boolean> {
    if (this.rooms.get(board)?.state === 'open') return true;
    return (await this.store.load(board)).updates.length > 0;
  }

  /**
   * The board as stored, as Yjs updates, for an export to read elsewhere (the export
   * process). Always from the store, even when a room here has the board open: every
   * instance of a cluster then reads the same bytes, so their ETags agree, and this event
   * loop never encodes a big doc. Undefined when the board was never created; with
   * `version`, that version's state, or undefined when there is none.
   */
  async updates(board: BoardId, version?: string): Promise<Uint8Array[] | undefined> {
    if (version !== undefined) {
      const state = await this.store.readSnapshot(board, version);
      return state ? [state] : undefined;
    }
    const { updates } = await this.store.load(board);
    return updates.length > 0 ? updates : undefined;
  }

  /**
   * The board as stored, whole, with its state vector: from the open room's doc (on its
   * thread), or read from the store. Undefined when the board was never created.
   */
  async currentState(
    board: BoardId,
  ): Promise<{ state: Uint8Array; stateVector: Uint8Array; room: Room | undefined } | undefined> {
    const room = this.rooms.get(board);
    if (room?.state === 'open') return { ...(await room.snapshot()), room };
    const { updates } = await this.store.load(board);
    if (updates.length === 0) return undefined;
    return withDoc((doc) => {
      doc.transact(() => updates.forEach((u) => Y.applyUpdate(doc, u)));
      return { state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc), room: undefined };
    });
  }

  /** One version from the board's history, or undefined when there is none of that id. */
  async version(board: BoardId, id: string): Promise<Board | undefined> {
    const state = await this.store.readSnapshot(board, id);
    return state ? boardOf(state) : undefined;
  }
}

function withDoc<T>(use: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc();
  try {
    return use(doc);
  } finally {
    doc.destroy();
  }
}

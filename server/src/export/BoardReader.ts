import * as Y from 'yjs';
import { readBoard, type Board, type BoardId } from '@archboard/shared';
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

  /** The board now, or undefined when it was never created. */
  async current(board: BoardId): Promise<Board | undefined> {
    const room = this.rooms.get(board);
    if (room?.state === 'open') return readBoard(room.doc);
    const { updates } = await this.store.load(board);
    if (updates.length === 0) return undefined;
    return withDoc((doc) => {
      doc.transact(() => updates.forEach((u) => Y.applyUpdate(doc, u)));
      return readBoard(doc);
    });
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
   * Runs `use` on a doc holding the board as stored: the open room's doc (not to be kept
   * or changed), or a temporary one read from the store. Undefined when the board was never created.
   */
  async withCurrentDoc<T>(
    board: BoardId,
    use: (doc: Y.Doc, room: Room | undefined) => Promise<T>,
  ): Promise<T | undefined> {
    const room = this.rooms.get(board);
    if (room?.state === 'open') return use(room.doc, room);
    const { updates } = await this.store.load(board);
    if (updates.length === 0) return undefined;
    const doc = new Y.Doc();
    try {
      doc.transact(() => updates.forEach((u) => Y.applyUpdate(doc, u)));
      return await use(doc, undefined);
    } finally {
      doc.destroy();
    }
  }

  /** One version from the board's history, or undefined when there is none of that id. */
  async version(board: BoardId, id: string): Promise<Board | undefined> {
    const state = await this.store.readSnapshot(board, id);
    return state ? boardFromState(state) : undefined;
  }
}

/** A board from one full Yjs update (a stored version). */
export const boardFromState = (state: Uint8Array): Board =>
  withDoc((doc) => {
    Y.applyUpdate(doc, state);
    return readBoard(doc);
  });

function withDoc<T>(use: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc();
  try {
    return use(doc);
  } finally {
    doc.destroy();
  }
}

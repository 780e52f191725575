import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { readBoard, toExportJson, type Board, type BoardId } from '@archboard/shared';
import { snapshotId, type SnapshotInfo, type SnapshotKind, type Store } from '../store/Store';
import { snapshotsToThin, type RetentionPolicy } from './retention';

export interface HistoryOptions {
  retention: RetentionPolicy;
  log: Logger;
  now?: () => number;
  /**
   * The content hash of a board's state, off the event loop (threads/boardWorker.ts): for a board at
   * the size cap, reading and serialising it takes hundreds of milliseconds. It hands the
   * state back. Unset: hashed here, from the doc.
   */
  hashState?: (state: Uint8Array) => Promise<{ hash: string; state: Uint8Array }>;
}

export interface SaveRequest {
  kind: SnapshotKind;
  name: string;
  editors: string[];
  /** An interview's replay position the version is at (SnapshotInfo.step). */
  step?: number;
}

/** A hash of what a board shows (its JSON export): equal boards, equal hashes, on any instance. */
export const contentHash = (board: Board): string =>
  createHash('sha256').update(toExportJson(board)).digest('hex').slice(0, 32);

/**
 * Versions of boards. One rule: a version is the board as the store held it, taken from
 * a doc that holds exactly what is stored (a room's doc, or one read from the store). An
 * automatic version that would repeat the one before it is not kept, and after each
 * automatic version the board's history is thinned by the retention policy (named versions
 * are always kept).
 */
export class HistoryService {
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: HistoryOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Keeps `state` (a whole Yjs update of the board) as a version of `board`; undefined
   * when an automatic one would change nothing.
   */
  async save(board: BoardId, state: Uint8Array, request: SaveRequest): Promise<SnapshotInfo | undefined> {
    let hash: string;
    if (this.options.hashState) ({ hash, state } = await this.options.hashState(state));
    else hash = contentHash(boardOf(state));
    const list = request.kind === 'named' ? [] : await this.store.listSnapshots(board);
    // A phase version marks a moment of the interview, even when the drawing did not change.
    if (request.kind !== 'named' && request.kind !== 'phase' && list[0]?.hash === hash) return undefined;
    const createdAt = this.now();
    const info: SnapshotInfo = {
      id: snapshotId(createdAt),
      createdAt,
      kind: request.kind,
      name: request.name.slice(0, 100),
      editors: [...new Set(request.editors)].slice(0, 20),
      hash,
      bytes: state.byteLength,
      ...(request.step !== undefined ? { step: request.step } : {}),
    };
    await this.store.saveSnapshot(board, info, state);
    if (request.kind !== 'named') await this.thin(board, [info, ...list]);
    return info;
  }

  private async thin(board: BoardId, list: SnapshotInfo[]): Promise<void> {
    const doomed = snapshotsToThin(list, this.now(), this.options.retention);
    if (doomed.length === 0) return;
    await this.store.deleteSnapshots(board, doomed);
    this.options.log.debug({ board, thinned: doomed.length }, 'thinned old automatic versions');
  }

  list(board: BoardId): Promise<SnapshotInfo[]> {
    return this.store.listSnapshots(board);
  }

  /** How many steps an interview board's replay has now (Store.appendArchive). */
  archiveLength(board: BoardId): Promise<number> {
    return this.store.archiveLength(board);
  }
}

/** The board a whole Yjs update holds. */
export function boardOf(state: Uint8Array): Board {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return readBoard(doc);
  } finally {
    doc.destroy();
  }
}

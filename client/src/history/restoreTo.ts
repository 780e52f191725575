import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { restoreBoard, type Board } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';
import { saveVersion } from './historyApi';

/**
 * Makes the live board read as `board` (a version, or a point of an interview's replay):
 * first keeps the board as it is now as a `restore` version named `name`, then rewrites the
 * doc in one transaction of this tab's origin, so everyone sees it at once and one undo
 * brings the later edits back.
 */
export async function restoreTo(session: BoardSession, board: Board, request: { name: string; author: string }) {
  await saveVersion(session.boardId, session.token, {
    name: request.name.slice(0, 100),
    kind: 'restore',
    author: request.author,
    stateVector: toBase64(Y.encodeStateVector(session.doc)),
  });
  session.undoManager.stopCapturing();
  restoreBoard(session.doc, board, session.origin);
  session.undoManager.stopCapturing();
}

import { importOffset, parseImport, writeImport, type Board, type ImportError, type NodeId } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';

export type ImportOutcome = { ok: true; nodes: NodeId[] } | { ok: false; error: ImportError };

/**
 * Merges an export file into the open board: checked whole first (a bad file changes
 * nothing), then written with fresh ids beside what the board holds, in one transaction
 * of this tab's origin, so one undo takes it back and everyone sees it at once.
 */
export function importIntoBoard(session: BoardSession, board: Board, text: string): ImportOutcome {
  const file = parseImport(text);
  if (!file.ok) return file;
  session.undoManager.stopCapturing();
  const written = writeImport(
    session.doc,
    file.value,
    { freshIds: true, offset: importOffset(board, file.value) },
    session.origin,
  );
  session.undoManager.stopCapturing();
  return { ok: true, nodes: written.nodes };
}

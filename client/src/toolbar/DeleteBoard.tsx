import { HOST_DOC_SUFFIX } from '@archboard/shared';
import { forgetBoard } from '../recentBoards';
import { navigate } from '../router';
import { deleteBoard } from './linksApi';
import { OwnerAction } from './OwnerAction';

/**
 * The owner's "Delete board…" in the Share menu: after a confirmation the board and its
 * history are deleted for everyone (open tabs see "This board was deleted"), this browser
 * forgets it and its offline copy, and the page goes to the start page.
 */
export function DeleteBoard({ boardId, ownerToken }: { boardId: string; ownerToken: string }) {
  return (
    <OwnerAction
      id="delete"
      label="Delete board"
      why="For everyone, with its history."
      question="Delete this board for everyone?"
      consequence="The board and its version history are removed from the server, and every link to it stops working. This cannot be undone."
      failure="Could not delete the board"
      running="Deleting…"
      run={async () => {
        await deleteBoard(boardId, ownerToken);
        forgetBoard(boardId);
        navigate('/');
        // The session closes its IndexedDB copy as the page leaves; the delete waits for that.
        indexedDB.deleteDatabase(`archboard:${boardId}`);
        // An interview's host also kept the private notes here (interview/host/HostNotesSession.ts).
        indexedDB.deleteDatabase(`archboard:${boardId}${HOST_DOC_SUFFIX}`);
      }}
    />
  );
}

import type { ConnectionStore } from '../sync/ConnectionStore';
import { resetLinks } from './linksApi';
import { OwnerAction } from './OwnerAction';
import { adoptNewLinks } from './shareTokens';

/**
 * The owner's "Reset links…" in the Share menu: after a confirmation, every link of the
 * board handed out so far stops working (open tabs are disconnected), and this page moves
 * to the new owner link and shows the new links to share.
 */
export function ResetLinks({
  boardId,
  ownerToken,
  connection,
}: {
  boardId: string;
  ownerToken: string;
  connection: Pick<ConnectionStore, 'expectLinkReset'>;
}) {
  return (
    <OwnerAction
      id="reset"
      label="Reset links"
      why="If a link reached the wrong people."
      question="Reset every link of this board?"
      consequence="The owner, edit and view links handed out so far stop working, and everyone using them is disconnected. You get new links to share."
      failure="Could not reset the links"
      running="Resetting…"
      run={async () => {
        connection.expectLinkReset(true); // this page's socket is closed 4410 too: it moves to the new link
        try {
          adoptNewLinks(boardId, await resetLinks(boardId, ownerToken));
        } catch (e) {
          console.warn(`archboard: resetting the links of board ${boardId} failed`, e);
          connection.expectLinkReset(false);
          throw e;
        }
      }}
    />
  );
}

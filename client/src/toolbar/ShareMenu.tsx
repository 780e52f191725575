import { useState } from 'react';
import { rememberBoard } from '../recentBoards';
import { boardLink } from '../router';
import { fetchViewToken } from './linksApi';
import { usePopover } from './usePopover';

interface ShareMenuProps {
  boardId: string;
  editToken: string | undefined;
  viewToken: string | undefined;
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    // No clipboard in insecure or headless contexts: the link stays visible to copy by hand.
    console.info('archboard: clipboard unavailable, showing the link instead', error);
    return false;
  }
}

type Fetched = { state: 'loading' } | { state: 'done'; token: string } | { state: 'failed'; error: string };

/**
 * The view token an editor asks the server for (only the creator got one with the
 * board) when opening the menu; remembered with the board, so it is asked for once.
 */
function useViewTokenRequest(boardId: string, editToken: string | undefined) {
  const [fetched, setFetched] = useState<Fetched | null>(null);
  const request = () => {
    if (!editToken || fetched?.state === 'loading' || fetched?.state === 'done') return;
    setFetched({ state: 'loading' });
    fetchViewToken(boardId, editToken).then(
      (token) => {
        rememberBoard(boardId, { token: { role: 'view', value: token } });
        setFetched({ state: 'done', token });
      },
      (error: unknown) => {
        console.warn(`archboard: could not get the view link of board ${boardId}`, error);
        setFetched({ state: 'failed', error: error instanceof Error ? error.message : String(error) });
      },
    );
  };
  return { fetched, request };
}

function ShareRow(props: {
  kind: 'edit' | 'view';
  link: string | undefined;
  title: string;
  text: string;
  /** Said instead of `text` while there is no link. */
  missing: string;
}) {
  const { kind, link } = props;
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <div className="share-row">
      <div className="share-row__text">
        <strong>{props.title}</strong>
        <span>{link ? props.text : props.missing}</span>
      </div>
      <div className="share-row__controls">
        <input
          readOnly
          value={link ?? ''}
          placeholder="Not available"
          data-testid={`share-${kind}-url`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          className="button button--small"
          disabled={!link}
          data-testid={`share-${kind}-link`}
          data-link={link}
          onClick={async () => {
            if (link) setCopied((await copy(link)) ? 'yes' : 'no');
          }}
        >
          {copied === 'yes' ? 'Copied' : 'Copy link'}
        </button>
      </div>
      {copied === 'no' && <small className="share-row__note">Copy the link above by hand.</small>}
    </div>
  );
}

/** The Share button and its popover with the edit and view-only links. */
export function ShareMenu({ boardId, editToken, viewToken }: ShareMenuProps) {
  const { open, setOpen, root } = usePopover<HTMLDivElement>();
  const { fetched, request } = useViewTokenRequest(boardId, editToken);
  const view = viewToken ?? (fetched?.state === 'done' ? fetched.token : undefined);
  const missing =
    fetched?.state === 'failed'
      ? `Could not get this link: ${fetched.error}.`
      : editToken
        ? 'Getting the link…'
        : 'Only editors can hand out this link.';

  return (
    <div className="share-menu" ref={root}>
      <button
        type="button"
        className="button button--primary"
        aria-expanded={open}
        onClick={() => {
          if (!open && viewToken === undefined) request();
          setOpen((o) => !o);
        }}
        data-testid="share-button"
      >
        Share
      </button>
      {open && (
        <div className="menu-popover" role="dialog" aria-label="Share this board">
          {editToken && (
            <ShareRow
              kind="edit"
              title="Can edit"
              text="Anyone with this link can change the board."
              link={boardLink(boardId, editToken)}
              missing=""
            />
          )}
          <ShareRow
            kind="view"
            title="View only"
            text="People with this link watch live but cannot change anything."
            link={view ? boardLink(boardId, view) : undefined}
            missing={missing}
          />
        </div>
      )}
    </div>
  );
}

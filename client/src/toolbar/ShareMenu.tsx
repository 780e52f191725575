import { useState } from 'react';
import { boardLink } from '../router';
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

function ShareRow(props: { kind: 'edit' | 'view'; link: string | undefined; title: string; text: string }) {
  const { kind, link } = props;
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <div className="share-row">
      <div className="share-row__text">
        <strong>{props.title}</strong>
        <span>{link ? props.text : 'Only the board’s creator has this link.'}</span>
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

  return (
    <div className="share-menu" ref={root}>
      <button
        type="button"
        className="button button--primary"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
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
            />
          )}
          <ShareRow
            kind="view"
            title="View only"
            text="People with this link watch live but cannot change anything."
            link={viewToken ? boardLink(boardId, viewToken) : undefined}
          />
        </div>
      )}
    </div>
  );
}

import { useState } from 'react';
import { VIEW_LINK_LIFETIMES, type LinksAnswer } from '@archboard/shared';
import { signedIn } from '../auth/signIn';
import { interviewLinkLabels } from '../interview/linkLabels';
import { useInterviewSession } from '../interview/useInterview';
import { rememberBoard } from '../recentBoards';
import { boardLink } from '../router';
import type { ConnectionStore } from '../sync/ConnectionStore';
import { useSession } from '../sync/SessionContext';
import { fetchLinks } from './linksApi';
import { DeleteBoard } from './DeleteBoard';
import { ResetLinks } from './ResetLinks';
import { ShareRow } from './ShareRow';
import { justReset, type ShareTokens } from './shareTokens';
import { usePopover } from './usePopover';

interface ShareMenuProps {
  boardId: string;
  tokens: ShareTokens;
  connection: Pick<ConnectionStore, 'expectLinkReset'>;
}

type Fetched = { state: 'loading' } | { state: 'done'; links: LinksAnswer } | { state: 'failed'; error: string };

/**
 * The links a sharer asks the server for (GET …/links), per view-link lifetime in seconds
 * (`null`: never expires). The never-expiring view link (and the edit link an owner gets) is
 * remembered with the board, so it is asked for once; one that expires is made anew each
 * time the menu is opened and that lifetime chosen.
 */
function useLinkRequests(boardId: string, token: string | undefined) {
  const [fetched, setFetched] = useState<ReadonlyMap<number | null, Fetched>>(new Map());
  const request = (lifetime: number | null) => {
    const state = fetched.get(lifetime)?.state;
    if (!token || state === 'loading' || state === 'done') return;
    const set = (value: Fetched) => setFetched((all) => new Map(all).set(lifetime, value));
    set({ state: 'loading' });
    fetchLinks(boardId, token, lifetime ?? undefined).then(
      (links) => {
        if (lifetime === null) rememberBoard(boardId, { token: { role: 'view', value: links.viewToken } });
        if (links.editToken) rememberBoard(boardId, { token: { role: 'edit', value: links.editToken } });
        if (links.ownerToken) rememberBoard(boardId, { token: { role: 'owner', value: links.ownerToken } });
        set({ state: 'done', links });
      },
      (error: unknown) => {
        console.warn(`archboard: could not get the links of board ${boardId}`, error);
        set({ state: 'failed', error: error instanceof Error ? error.message : String(error) });
      },
    );
  };
  return { fetched, request };
}

const expiry = (at: number | undefined) =>
  at === undefined
    ? undefined
    : `Stops working ${new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}.`;

/**
 * The Share button and its popover: the owner link (owners only), the edit link, the view
 * link with its lifetime, and for the owner "Reset links…". A signed-in editor asks for the
 * links when the menu opens: the board's signed-in creator is its owner, and gets the owner
 * link in the answer.
 */
export function ShareMenu({ boardId, tokens, connection }: ShareMenuProps) {
  // Right after this tab reset the links, the menu opens by itself with the new ones.
  const [resetNotice] = useState(() => justReset(boardId));
  const { open, setOpen, root } = usePopover<HTMLDivElement>(resetNotice);
  const sharer = tokens.owner ?? tokens.edit;
  const { fetched, request } = useLinkRequests(boardId, sharer);
  const [lifetime, setLifetime] = useState<number | null>(null);
  const current = fetched.get(lifetime);
  const asked = current?.state === 'done' ? current.links : undefined;
  const view = lifetime === null ? (tokens.view ?? asked?.viewToken) : asked?.viewToken;
  const plain = fetched.get(null);
  const edit = tokens.edit ?? (plain?.state === 'done' ? plain.links.editToken : undefined);
  const owner = tokens.owner ?? (plain?.state === 'done' ? plain.links.ownerToken : undefined);
  // On an interview board the links are named for who they are for.
  const interview = useInterviewSession(useSession()) !== undefined;
  const labels = interview ? interviewLinkLabels(owner) : undefined;
  const missing = (asking: Fetched | undefined) =>
    asking?.state === 'failed'
      ? `Could not get this link: ${asking.error}.`
      : sharer
        ? 'Getting the link…'
        : 'Only editors can hand out this link.';
  const needsLinks =
    tokens.view === undefined ||
    (tokens.owner !== undefined && tokens.edit === undefined) ||
    (tokens.owner === undefined && sharer !== undefined && signedIn() !== undefined);

  const lifetimes = sharer && (
    <select
      className="share-row__lifetime"
      aria-label="View link lifetime"
      data-testid="share-view-expiry"
      value={lifetime ?? ''}
      onChange={(event) => {
        const chosen = event.target.value === '' ? null : Number(event.target.value);
        setLifetime(chosen);
        if (chosen !== null || tokens.view === undefined) request(chosen);
      }}
    >
      {VIEW_LINK_LIFETIMES.map(({ label, seconds }) => (
        <option key={label} value={seconds ?? ''}>
          {label}
        </option>
      ))}
    </select>
  );

  return (
    <div className="share-menu" ref={root}>
      <button
        type="button"
        className="button button--primary"
        aria-expanded={open}
        onClick={() => {
          if (!open && needsLinks) request(null);
          setOpen((o) => !o);
        }}
        data-testid="share-button"
      >
        Share
      </button>
      {open && (
        <div className="menu-popover" role="dialog" aria-label="Share this board">
          {resetNotice && (
            <p className="share-notice" role="status" data-testid="share-reset-done">
              Links reset: the old links no longer work. Share these new ones.
            </p>
          )}
          {owner && (
            <ShareRow
              kind="owner"
              title={labels?.owner?.title ?? 'Owner'}
              text={
                labels?.owner?.text ??
                'Your own link: it can also reset the links and delete the board. Keep it to yourself.'
              }
              link={boardLink(boardId, owner)}
              missing=""
            />
          )}
          {sharer && (
            <ShareRow
              kind="edit"
              title={labels?.edit.title ?? 'Can edit'}
              text={labels?.edit.text ?? 'Anyone with this link can change the board.'}
              link={edit ? boardLink(boardId, edit) : undefined}
              missing={missing(plain)}
            />
          )}
          <ShareRow
            kind="view"
            title={labels?.view.title ?? 'View only'}
            text={labels?.view.text ?? 'People with this link watch live but cannot change anything.'}
            link={view ? boardLink(boardId, view) : undefined}
            missing={missing(current)}
            extra={lifetimes}
            note={lifetime === null ? undefined : expiry(asked?.viewExpiresAt)}
          />
          {owner && <ResetLinks boardId={boardId} ownerToken={owner} connection={connection} />}
          {owner && <DeleteBoard boardId={boardId} ownerToken={owner} />}
        </div>
      )}
    </div>
  );
}

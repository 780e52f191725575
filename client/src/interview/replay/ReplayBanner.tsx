import { useState } from 'react';
import { can, readSession, writeSession } from '@archboard/shared';
import type { BoardSession } from '../../sync/BoardSession';
import { useInterviewSession } from '../useInterview';
import { restoreTo } from '../../history/restoreTo';
import type { ReplayState } from './useReplay';

const clockTime = (at: number): string =>
  new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * Above the canvas while the replay is open, as History's banner is over a version: what
 * is shown, and the way back. The host also gets "Restore this point" and, once the
 * session ended, the switch that shares the replay with the other links.
 */
export function ReplayBanner({
  session,
  replay,
  author,
}: {
  session: BoardSession;
  replay: ReplayState;
  author: string;
}) {
  const interview = useInterviewSession(session);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { player, state } = replay;
  if (state.status === 'closed') return null;
  const host = can(session.role, 'interview');
  const time = state.timeline?.timeAt(state.position);
  const shared = interview?.replayShared === true;

  const restore = async () => {
    if (!state.board || time === undefined) return;
    setBusy(true);
    try {
      await restoreTo(session, state.board, { name: `Before restoring the replay at ${clockTime(time)}`, author });
      setError(null);
      player.close();
    } catch (e) {
      setError(`Restoring failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const toggleShare = () => {
    const current = readSession(session.doc);
    if (current) writeSession(session.doc, { ...current, replayShared: !current.replayShared });
  };

  return (
    <div className="preview-banner replay-banner" role="status" data-testid="replay-banner">
      <span>
        <strong>Replay</strong> — read-only.
        {time !== undefined && (
          <>
            {' '}
            The board at <strong data-testid="replay-clock">{clockTime(time)}</strong> (step {state.position} of{' '}
            {state.length}), each node framed in the colour of who added it.
          </>
        )}
        {error && (
          <span className="replay-banner__error" role="alert">
            {' '}
            {error}
          </span>
        )}
      </span>
      <span className="preview-banner__actions">
        {host && interview?.status === 'ended' && (
          <button
            type="button"
            className={`button button--small${shared ? ' is-active' : ''}`}
            aria-pressed={shared}
            onClick={toggleShare}
            title={
              shared
                ? 'The candidate’s and observers’ links can watch this replay. Click to keep it to yourself.'
                : 'Let the candidate’s and observers’ links watch this replay (read-only)'
            }
            data-testid="replay-share"
          >
            {shared ? 'Replay shared' : 'Share replay'}
          </button>
        )}
        {host && state.status === 'ready' && (
          <button
            type="button"
            className="button button--primary button--small"
            disabled={busy || !state.board}
            onClick={() => void restore()}
            data-testid="replay-restore"
          >
            Restore this point
          </button>
        )}
        <button
          type="button"
          className="button button--small"
          onClick={() => player.close()}
          data-testid="replay-close"
        >
          Back to the live board
        </button>
      </span>
    </div>
  );
}

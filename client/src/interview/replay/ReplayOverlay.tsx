import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Note, SnapshotInfo } from '@archboard/shared';
import { listVersions } from '../../history/historyApi';
import type { BoardSession } from '../../sync/BoardSession';
import type { HostNotesSession } from '../host/HostNotesSession';
import { useInterviewSession } from '../useInterview';
import { noteJumps, phaseJumps } from './jumpPoints';
import { ReplayAuthorMarks, ReplayLegend } from './ReplayAuthors';
import { ReplayBar } from './ReplayBar';
import { replayAllowed } from './replayAccess';
import type { ReplayState } from './useReplay';
import './replay.css';

interface ReplayOverlayProps {
  session: BoardSession;
  replay: ReplayState;
  /** The host's private document, on the host's page (its notes are jump points); null elsewhere. */
  hostNotes: HostNotesSession | null;
  /** Called as the replay opens: whatever else was previewed on the canvas closes. */
  onOpen(): void;
}

/**
 * Replay over the canvas of an interview board: the "Replay" button, then the transport
 * bar, the legend of who added what, and the authorship marks on the replayed nodes. The
 * canvas itself shows the replayed board read-only (BoardWorkspace hands it to Canvas as
 * its preview, the way History shows a version).
 */
export function ReplayOverlay({ session, replay, hostNotes, onOpen }: ReplayOverlayProps) {
  const interview = useInterviewSession(session);
  const allowed = replayAllowed(session.role, interview);
  const { player, state } = replay;
  // The host took the share back, or the page lost the right: back to the live board.
  useEffect(() => {
    if (!allowed) player.close();
  }, [allowed, player]);
  const versions = usePhaseVersions(session, state.status === 'ready', state.length);
  const notes = useNotes(hostNotes);
  const { timeline, length } = state;
  const jumps = useMemo(() => {
    if (!timeline || !interview) return [];
    const times = timeline.times;
    return [...phaseJumps(interview, versions, times), ...noteJumps(notes, times)];
    // `length` stands for the timeline's steps, which grow in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeline, length, interview, versions, notes]);

  if (!allowed) return null;
  if (state.status === 'closed')
    return (
      <button
        type="button"
        className="replay-open"
        onClick={() => {
          onOpen();
          void player.open();
        }}
        title="Watch how the board grew, phase by phase"
        data-testid="replay-open"
      >
        <svg width="15" height="15" viewBox="0 0 16 16" aria-hidden="true">
          <path
            d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.8h2.8"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
          <path d="M7 5.6v4.8l3.6-2.4z" fill="currentColor" />
        </svg>
        Replay
      </button>
    );
  return (
    <>
      <ReplayBar replay={replay} jumps={jumps} />
      {state.board && timeline && (
        <>
          <ReplayLegend board={state.board} timeline={timeline} />
          <ReplayAuthorMarks board={state.board} timeline={timeline} position={state.position} />
        </>
      )}
    </>
  );
}

const NO_NOTES: Note[] = [];
const noSubscription = () => () => undefined;

/** The host's notes as they are now; none on a page without the host's document. */
function useNotes(hostNotes: HostNotesSession | null): Note[] {
  return useSyncExternalStore(
    hostNotes?.subscribe ?? noSubscription,
    () => hostNotes?.getSnapshot().notes.notes ?? NO_NOTES,
  );
}

const NO_VERSIONS: SnapshotInfo[] = [];

/** The board's `phase` versions (with their replay positions), read when the replay opens and as it grows. */
function usePhaseVersions(session: BoardSession, ready: boolean, length: number): SnapshotInfo[] {
  const [versions, setVersions] = useState<SnapshotInfo[]>(NO_VERSIONS);
  const { boardId, token } = session;
  useEffect(() => {
    if (!ready) return;
    let current = true;
    listVersions(boardId, token).then(
      (list) => current && setVersions(list.filter((v) => v.kind === 'phase')),
      // Without the versions the phase marks still jump, by their times.
      (e: unknown) => console.warn(`archboard: could not list the phase versions of board ${boardId}`, e),
    );
    return () => void (current = false);
  }, [ready, length, boardId, token]);
  return versions;
}

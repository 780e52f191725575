import { useState } from 'react';
import type { Session } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';
import { PhaseEditor } from './PhaseEditor';
import { ProblemEditor } from './ProblemEditor';
import type { ServerClock } from './ServerClock';
import { useHostActions } from './useHostActions';

interface HostControlsProps {
  session: BoardSession;
  interview: Session;
  clock: ServerClock;
  /** Whether this page knows the server's time yet: every action is stamped with it. */
  synced: boolean;
}

/**
 * The host's side of the interview bar: set the problem (until the end), edit the phases and start; then pause or resume,
 * go to the next phase, and end (after a confirmation, as it cannot be taken back).
 */
export function HostControls({ session, interview, clock, synced }: HostControlsProps) {
  const { act, setPhases, setProblem, error, dismissError } = useHostActions(session, clock);
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  const { status } = interview;
  const last = interview.phase >= interview.phases.length - 1;
  const waiting = synced ? undefined : 'Waiting for the server’s clock…';

  const button = (action: Parameters<typeof act>[0], label: string, primary = false) => (
    <button
      type="button"
      className={`button button--small${primary ? ' button--primary' : ''}`}
      disabled={!synced}
      title={waiting}
      onClick={() => act(action)}
      data-testid={`interview-${action}`}
    >
      {label}
    </button>
  );

  return (
    <div className="interview-controls" role="group" aria-label="Interview controls">
      {error && (
        <span className="interview-controls__error" role="alert">
          {error}
          <button type="button" className="icon-button" aria-label="Dismiss" title="Dismiss" onClick={dismissError}>
            ×
          </button>
        </span>
      )}
      {status !== 'ended' && <ProblemEditor problem={interview.problem} onSave={setProblem} />}
      {status === 'ready' && <PhaseEditor phases={interview.phases} onSave={setPhases} />}
      {status === 'ready' && button('start', 'Start interview', true)}
      {status === 'running' && button('pause', 'Pause')}
      {status === 'paused' && button('resume', 'Resume', true)}
      {(status === 'running' || status === 'paused') && !last && !confirmingEnd && button('next', 'Next phase')}
      {(status === 'running' || status === 'paused') && !confirmingEnd && (
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => setConfirmingEnd(true)}
          data-testid="interview-end"
        >
          End…
        </button>
      )}
      {(status === 'running' || status === 'paused') && confirmingEnd && (
        <span className="interview-controls__confirm" role="alertdialog" aria-label="End the interview">
          End the interview for everyone?
          <button type="button" className="button button--small" onClick={() => setConfirmingEnd(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            disabled={!synced}
            onClick={() => {
              setConfirmingEnd(false);
              act('end');
            }}
            data-testid="interview-end-confirm"
          >
            End interview
          </button>
        </span>
      )}
    </div>
  );
}

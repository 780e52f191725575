import { can, type Session } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';
import { clockView } from './clockView';
import { HostControls } from './HostControls';
import type { ServerClock } from './ServerClock';
import { serverClockFor } from './serverTime';
import { useInterviewSession, useServerNow } from './useInterview';
import './interview.css';

/**
 * The strip under the header of an interview board, for everyone: the phase, the time
 * left by the server's clock (amber, "+mm:ss over", once a phase runs over: a cue, not an
 * alarm), and the status, with the problem the host set under it. The host's page adds the
 * controls. Nothing on other boards.
 */
export function InterviewBar({ session }: { session: BoardSession }) {
  const interview = useInterviewSession(session);
  return interview ? <ClockBar session={session} interview={interview} /> : null;
}

function ClockBar({ session, interview }: { session: BoardSession; interview: Session }) {
  const clock = serverClockFor(session);
  const now = useServerNow(clock, interview.status === 'running');
  const view = clockView(interview, now);
  return (
    <>
      <Bar session={session} interview={interview} clock={clock} now={now} view={view} />
      {interview.problem && (
        <section className="interview-problem" aria-label="The problem" data-testid="interview-problem">
          <span className="interview-problem__label">Problem</span>
          <p className="interview-problem__text">{interview.problem}</p>
        </section>
      )}
    </>
  );
}

interface BarProps {
  session: BoardSession;
  interview: Session;
  clock: ServerClock;
  now: number | undefined;
  view: ReturnType<typeof clockView>;
}

function Bar({ session, interview, clock, now, view }: BarProps) {
  return (
    <section
      className={`interview-bar interview-bar--${view.status}${view.over ? ' is-over' : ''}`}
      aria-label="Interview"
      data-testid="interview-bar"
      data-status={view.status}
    >
      <span className="interview-bar__badge">Interview</span>
      <PhaseSteps interview={interview} />
      <span className="interview-bar__phase">
        <span className="interview-bar__step" data-testid="interview-step">
          {view.step}
        </span>
        <strong data-testid="interview-phase" data-phase={interview.phase}>
          {view.name}
        </strong>
      </span>
      <span className="interview-bar__clock">
        <span className="interview-bar__time" data-testid="interview-time-left" data-over={view.over}>
          {view.time}
        </span>
        {view.unit && <span className="interview-bar__left">{view.unit}</span>}
      </span>
      <span className={`interview-status interview-status--${view.status}`} data-testid="interview-status">
        {view.statusLabel}
      </span>
      <span className="interview-bar__spacer" />
      {can(session.role, 'interview') ? (
        <HostControls session={session} interview={interview} clock={clock} synced={now !== undefined} />
      ) : (
        <span className="interview-bar__note">The interviewer runs the clock.</span>
      )}
    </section>
  );
}

/** One short bar per phase: done, current, to come. */
function PhaseSteps({ interview }: { interview: Session }) {
  const ended = interview.status === 'ended';
  return (
    <ol className="interview-steps" aria-hidden="true">
      {interview.phases.map((phase, i) => {
        const state =
          i < interview.phase || (ended && i === interview.phase) ? 'done' : i === interview.phase ? 'now' : 'next';
        return (
          <li
            key={i}
            className={`interview-steps__step interview-steps__step--${state}`}
            title={`${phase.name} · ${phase.minutes} min`}
          />
        );
      })}
    </ol>
  );
}

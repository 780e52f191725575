import { formatClock, readClock, type Session } from '@archboard/shared';

/** What the interview bar shows of the clock, in words. */
export interface ClockView {
  /** "Phase 2 of 5". */
  step: string;
  name: string;
  /**
   * "04:59"; "+01:05 over" once the phase runs over; "--:--" while the server's time is
   * unknown; once ended, how long the session took, start to end.
   */
  time: string;
  /** After the time: "left", "in all" once ended, nothing once over. */
  unit: string;
  over: boolean;
  status: Session['status'];
  /** "Not started", "Running", "Paused", "Ended". */
  statusLabel: string;
}

const STATUS_LABELS: Record<Session['status'], string> = {
  ready: 'Not started',
  running: 'Running',
  paused: 'Paused',
  ended: 'Ended',
};

/**
 * The clock of `session` at server time `now` (undefined before this page knows the
 * server's time: a running clock then reads "--:--"; a stopped one needs no time).
 */
export function clockView(session: Session, now: number | undefined): ClockView {
  const known = now !== undefined || session.status !== 'running';
  const reading = readClock(session, now ?? 0);
  const over = known && reading.overrun;
  const time = !known ? '--:--' : over ? `+${formatClock(reading.leftMs).slice(1)} over` : formatClock(reading.leftMs);
  const took = sessionLength(session);
  return {
    step: `Phase ${reading.phase + 1} of ${session.phases.length}`,
    name: reading.name,
    ...(took === undefined
      ? { time, unit: over ? '' : 'left', over }
      : { time: formatClock(took), unit: 'in all', over: false }),
    status: session.status,
    statusLabel: STATUS_LABELS[session.status],
  };
}

/** How long an ended session took, from its start mark to its end mark (pauses included). */
function sessionLength(session: Session): number | undefined {
  const begun = session.marks.find((m) => m.kind === 'start');
  const ended = session.marks.find((m) => m.kind === 'end');
  return session.status === 'ended' && begun && ended ? Math.max(0, ended.at - begun.at) : undefined;
}

/** The name of the version saved when the current phase of `session` ends. */
export const phaseSnapshotName = (session: Session): string =>
  `${session.phases[session.phase]?.name ?? 'Phase'} (end of phase ${session.phase + 1})`;

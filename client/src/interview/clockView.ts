import { formatClock, readClock, type Session } from '@archboard/shared';

/** What the interview bar shows of the clock, in words. */
export interface ClockView {
  /** "Phase 2 of 5". */
  step: string;
  name: string;
  /** "04:59"; "+01:05 over" once the phase runs over; "--:--" while the server's time is unknown. */
  time: string;
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
  return {
    step: `Phase ${reading.phase + 1} of ${session.phases.length}`,
    name: reading.name,
    time,
    over,
    status: session.status,
    statusLabel: STATUS_LABELS[session.status],
  };
}

/** The name of the version saved when the current phase of `session` ends. */
export const phaseSnapshotName = (session: Session): string =>
  `${session.phases[session.phase]?.name ?? 'Phase'} (end of phase ${session.phase + 1})`;

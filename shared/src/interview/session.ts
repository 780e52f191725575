import type * as Y from 'yjs';
import { z } from 'zod';

/**
 * An interview's clock and phases, in the board document (root `interview`, key
 * `session`, one plain value written whole), so a reload or a late joiner sees the same
 * clock. Times are the server's (milliseconds since the epoch, as `GET /api/time` tells
 * it), never a client's own clock. Only the host writes it: the server refuses a change
 * under this root from any other role (4403).
 *
 * The clock of the current phase: `elapsed` ms before `runningSince`, plus the time since
 * `runningSince` while running. Marks record where each phase began and where the
 * session ended, for the timeline of replay.
 */
export const INTERVIEW_ROOT = 'interview';
const SESSION_KEY = 'session';

export const phaseSchema = z.object({
  name: z.string().trim().min(1).max(60),
  minutes: z.number().int().min(1).max(180),
});
export type Phase = z.infer<typeof phaseSchema>;

export const markSchema = z.object({
  /** `start`: phase 0 began; `phase`: phase `phase` began; `end`: the session ended. */
  kind: z.enum(['start', 'phase', 'end']),
  phase: z.number().int().min(0),
  name: z.string().max(60),
  at: z.number().nonnegative(),
});
export type Mark = z.infer<typeof markSchema>;

/** The longest problem statement: a paragraph, not a document. */
export const PROBLEM_MAX_LENGTH = 600;

export const sessionSchema = z.object({
  phases: z.array(phaseSchema).min(1).max(12),
  status: z.enum(['ready', 'running', 'paused', 'ended']),
  phase: z.number().int().min(0),
  elapsed: z.number().nonnegative(),
  runningSince: z.number().nonnegative().optional(),
  marks: z.array(markSchema).max(100),
  /** The host let the other links watch the replay after the session. */
  replayShared: z.boolean().optional(),
  /** What the candidate is asked to design, as the host put it; shown to everyone in the bar. */
  problem: z.string().trim().min(1).max(PROBLEM_MAX_LENGTH).optional(),
});
export type Session = z.infer<typeof sessionSchema>;

export const DEFAULT_PHASES: Phase[] = [
  { name: 'Requirements', minutes: 10 },
  { name: 'Estimation', minutes: 5 },
  { name: 'High-level design', minutes: 15 },
  { name: 'Deep dive', minutes: 10 },
  { name: 'Wrap-up', minutes: 5 },
];

export function newSession(phases: Phase[] = DEFAULT_PHASES): Session {
  return { phases, status: 'ready', phase: 0, elapsed: 0, marks: [] };
}

/** The phases, while the session has not started; unchanged after. */
export function editPhases(session: Session, phases: Phase[]): Session {
  return session.status === 'ready' ? { ...session, phases } : session;
}

/**
 * The problem statement, until the session ends (the host may sharpen it while it runs); an
 * empty text takes it away. Longer than PROBLEM_MAX_LENGTH is cut there.
 */
export function setProblem(session: Session, text: string): Session {
  if (session.status === 'ended') return session;
  const problem = text.trim().slice(0, PROBLEM_MAX_LENGTH).trim();
  const { problem: _, ...rest } = session;
  return problem === '' ? rest : { ...rest, problem };
}

export function start(session: Session, now: number): Session {
  if (session.status !== 'ready') return session;
  const mark: Mark = { kind: 'start', phase: 0, name: session.phases[0]!.name, at: now };
  return { ...session, status: 'running', phase: 0, elapsed: 0, runningSince: now, marks: [mark] };
}

export function pause(session: Session, now: number): Session {
  if (session.status !== 'running') return session;
  const { runningSince: _, ...rest } = session;
  return { ...rest, status: 'paused', elapsed: phaseElapsed(session, now) };
}

export function resume(session: Session, now: number): Session {
  return session.status === 'paused' ? { ...session, status: 'running', runningSince: now } : session;
}

/** Moves to the next phase (its clock from zero, running); from the last phase, ends. */
export function nextPhase(session: Session, now: number): Session {
  if (session.status !== 'running' && session.status !== 'paused') return session;
  const phase = session.phase + 1;
  if (phase >= session.phases.length) return end(session, now);
  const mark: Mark = { kind: 'phase', phase, name: session.phases[phase]!.name, at: now };
  return { ...session, status: 'running', phase, elapsed: 0, runningSince: now, marks: [...session.marks, mark] };
}

export function end(session: Session, now: number): Session {
  if (session.status === 'ready' || session.status === 'ended') return session;
  const { runningSince: _, ...rest } = session;
  const mark: Mark = { kind: 'end', phase: session.phase, name: 'End', at: now };
  return { ...rest, status: 'ended', elapsed: phaseElapsed(session, now), marks: [...session.marks, mark] };
}

/** Milliseconds spent in the current phase at server time `now`. */
export function phaseElapsed(session: Session, now: number): number {
  const running = session.status === 'running' && session.runningSince !== undefined;
  return session.elapsed + (running ? Math.max(0, now - session.runningSince!) : 0);
}

export interface ClockReading {
  status: Session['status'];
  phase: number;
  name: string;
  /** Milliseconds left in the phase; negative once it runs over. */
  leftMs: number;
  overrun: boolean;
}

export function readClock(session: Session, now: number): ClockReading {
  const phase = session.phases[Math.min(session.phase, session.phases.length - 1)]!;
  const leftMs = phase.minutes * 60_000 - phaseElapsed(session, now);
  return { status: session.status, phase: session.phase, name: phase.name, leftMs, overrun: leftMs < 0 };
}

/** "mm:ss", "-mm:ss" once over. */
export function formatClock(leftMs: number): string {
  const seconds = leftMs >= 0 ? Math.ceil(leftMs / 1000) : Math.floor(-leftMs / 1000);
  const text = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  return leftMs < 0 ? `-${text}` : text;
}

/** The interview's session in the board document, or undefined on a board that is not an interview (or a bad value). */
export function readSession(doc: Y.Doc): Session | undefined {
  const parsed = sessionSchema.safeParse(doc.getMap(INTERVIEW_ROOT).get(SESSION_KEY));
  return parsed.success ? parsed.data : undefined;
}

/** Writes the session whole, in one transaction. */
export function writeSession(doc: Y.Doc, session: Session): void {
  doc.transact(() => doc.getMap(INTERVIEW_ROOT).set(SESSION_KEY, sessionSchema.parse(session)));
}

import type * as Y from 'yjs';
import { end, nextPhase, pause, readSession, resume, start, writeSession, type Session } from '@archboard/shared';
import { phaseSnapshotName } from './clockView';

/** What the host's buttons do to the session, at server time `now`. */
const TRANSITIONS = {
  start,
  pause,
  resume,
  next: nextPhase,
  end,
} as const satisfies Record<string, (session: Session, now: number) => Session>;

export type HostAction = keyof typeof TRANSITIONS;

/**
 * `written`, with the name of the `phase` version to keep when the action ended a phase
 * (Next, End); `unchanged` when the action does not apply in the session's state, or the
 * board has no session.
 */
export type HostActionResult = { type: 'written'; phaseVersion: string | undefined } | { type: 'unchanged' };

/** Applies the host's action to the session in `doc` at server time `now` and writes it whole. */
export function applyHostAction(doc: Y.Doc, action: HostAction, now: number): HostActionResult {
  const before = readSession(doc);
  if (!before) return { type: 'unchanged' };
  const after = TRANSITIONS[action](before, now);
  if (after === before) return { type: 'unchanged' };
  writeSession(doc, after);
  const endsPhase = action === 'next' || action === 'end';
  return { type: 'written', phaseVersion: endsPhase ? phaseSnapshotName(before) : undefined };
}

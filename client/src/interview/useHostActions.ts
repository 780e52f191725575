import { useState } from 'react';
import { editPhases, readSession, setProblem as withProblem, writeSession, type Phase } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';
import { applyHostAction, type HostAction } from './hostActions';
import { savePhaseVersion } from './phaseVersion';
import type { ServerClock } from './ServerClock';

/**
 * The host's buttons: each writes the session at the server's time, and one that ends a
 * phase then keeps the board in its history as a `phase` version (after the write, so the
 * version holds the new session too). A version that could not be saved is said in the
 * bar; the clock has moved on regardless.
 */
export function useHostActions(session: BoardSession, clock: ServerClock) {
  const [error, setError] = useState<string | null>(null);

  const act = (action: HostAction) => {
    const now = clock.now();
    if (now === undefined) return; // the buttons are off until the clock is known
    const result = applyHostAction(session.doc, action, now);
    if (result.type === 'unchanged' || result.phaseVersion === undefined) return;
    const name = result.phaseVersion;
    savePhaseVersion(session, name).then(
      () => setError(null),
      (e: unknown) => {
        console.warn(`archboard: could not keep the phase version “${name}” of board ${session.boardId}`, e);
        setError(`The snapshot “${name}” was not saved: ${e instanceof Error ? e.message : String(e)}.`);
      },
    );
  };

  const setPhases = (phases: Phase[]) => {
    const current = readSession(session.doc);
    if (current) writeSession(session.doc, editPhases(current, phases));
  };

  const setProblem = (text: string) => {
    const current = readSession(session.doc);
    if (current) writeSession(session.doc, withProblem(current, text));
  };

  return { act, setPhases, setProblem, error, dismissError: () => setError(null) };
}

import type { Mark, Note, Session, SnapshotInfo } from '@archboard/shared';
import { phaseSnapshotName } from '../clockView';

/** A place on the replay's timeline to jump to: a phase boundary or one of the host's notes. */
export interface JumpPoint {
  kind: 'phase' | 'note';
  /** The timeline position (steps applied) it stands for. */
  position: number;
  /** The phase's name ("End" for the end of the session), or the note's text. */
  title: string;
  key: string;
  /** The `phase` version taken at this boundary, when the position is that version's. */
  versionId?: string;
}

/** How many steps happened at or before server time `at` (times oldest first). */
export function positionAtTime(times: readonly number[], at: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid]! <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The name of the `phase` version the host's page keeps at this mark (a start mark has none). */
function versionNameAt(session: Session, mark: Mark): string | undefined {
  if (mark.kind === 'start') return undefined;
  // A phase mark is where the phase before it ended; the end mark, where its own phase did.
  const ended = mark.kind === 'phase' ? mark.phase - 1 : mark.phase;
  return ended >= 0 ? phaseSnapshotName({ ...session, phase: ended }) : undefined;
}

/**
 * The phase marks of the session as jump points. A boundary at which the host's page kept
 * a `phase` version jumps to that version's replay position (`step`), where the board is
 * exactly the version; without one (its save failed, or the server did not say) it jumps
 * by the mark's time. The version of a mark is the one with the name kept there, nearest
 * the mark in time, each version used once.
 */
export function phaseJumps(session: Session, versions: readonly SnapshotInfo[], times: readonly number[]): JumpPoint[] {
  const unused = versions.filter((v) => v.kind === 'phase' && v.step !== undefined);
  return session.marks.map((mark, i) => {
    const name = versionNameAt(session, mark);
    const candidates = unused.filter((v) => v.name === name);
    const version = candidates.sort((a, b) => Math.abs(a.createdAt - mark.at) - Math.abs(b.createdAt - mark.at))[0];
    if (version) unused.splice(unused.indexOf(version), 1);
    const position =
      version?.step !== undefined ? Math.min(version.step, times.length) : positionAtTime(times, mark.at);
    return {
      kind: 'phase',
      position,
      title: mark.kind === 'end' ? 'End' : mark.name,
      key: `mark-${i}`,
      ...(version ? { versionId: version.id } : {}),
    };
  });
}

/** The host's notes as jump points, each at the time it was written. */
export function noteJumps(notes: readonly Note[], times: readonly number[]): JumpPoint[] {
  return notes.map((note) => ({
    kind: 'note',
    position: positionAtTime(times, note.at),
    title: note.text.trim() || 'Note',
    key: `note-${note.id}`,
  }));
}

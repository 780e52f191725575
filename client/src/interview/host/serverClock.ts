import type { BoardSession } from '../../sync/BoardSession';
import { serverClockFor } from '../serverTime';

/**
 * The server's time now (ms since the epoch), for stamps that must agree across machines:
 * a note's time is a jump point on the replay's timeline, which runs on the server's
 * clock. Read from the board's one server clock (the interview bar's), after a round of
 * synchronisation if it has none yet. Offline, or when the server does not answer, this
 * computer's clock: a note written offline still gets a time.
 */
export async function serverNow(session: BoardSession): Promise<number> {
  const clock = serverClockFor(session);
  if (clock.now() === undefined) await clock.sync();
  const now = clock.now();
  if (now !== undefined) return Math.round(now);
  console.warn("archboard: the note is stamped with this computer's clock: the server's is not known yet");
  return Date.now();
}

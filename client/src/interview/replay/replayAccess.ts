import { can, type Role, type Session } from '@archboard/shared';

/**
 * Whether a page may watch the replay, as the server decides it for `GET …/replay`: the
 * host once the session has begun (there is nothing to watch before); any other link
 * only after the session ended, and only if the host shared it.
 */
export function replayAllowed(role: Role, session: Session | undefined): boolean {
  if (!session) return false;
  if (can(role, 'interview')) return session.status !== 'ready';
  return session.status === 'ended' && session.replayShared === true;
}

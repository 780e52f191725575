import type * as awarenessProtocol from 'y-protocols/awareness';
import type { ArchiveEntry } from '../store/Store';
import type { Connection } from './Connection';

/** The `user` of each presence a connection announced: what people on it go by. */
function usersOf(awareness: awarenessProtocol.Awareness, conn: Connection): Record<string, unknown>[] {
  const users: Record<string, unknown>[] = [];
  for (const id of conn.awarenessIds) {
    const user: unknown = (awareness.getStates().get(id) as { user?: unknown } | undefined)?.user;
    if (typeof user === 'object' && user !== null) users.push(user as Record<string, unknown>);
  }
  return users;
}

/** The names people on this connection go by (their presence), for a version's list of editors. */
export function namesOf(awareness: awarenessProtocol.Awareness, conn: Connection): string[] {
  return usersOf(awareness, conn).flatMap(({ name }) =>
    typeof name === 'string' && name.trim() !== '' ? [name.trim().slice(0, 64)] : [],
  );
}

/** Who a connection speaks for, by its presence: the first name and colour it announced (a replay's author). */
export function authorOf(awareness: awarenessProtocol.Awareness, conn: Connection): ArchiveEntry['by'] {
  for (const { name, color } of usersOf(awareness, conn)) {
    if (typeof name === 'string' && typeof color === 'string')
      return { name: name.slice(0, 64), color: color.slice(0, 16) };
  }
  return null;
}

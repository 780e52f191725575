import type { PublishedViewport, Summon } from './followState';
import type { LocalUser } from './localUser';

/**
 * What each tab publishes through Yjs awareness (presence scope: synced, never stored).
 * Cursor positions are in flow coordinates, so they land on the same spot of the diagram
 * whatever each viewer's pan and zoom.
 */
export interface PresenceState {
  user: LocalUser;
  cursor: { x: number; y: number } | null;
  /** Ids of the nodes this user has selected. */
  selection: string[];
  /** What this tab shows, for followers; read with followState.ts's toViewport. */
  viewport?: PublishedViewport | null;
  /** The last "bring everyone to me" from this tab; read with followState.ts's toSummon. */
  summon?: Summon | null;
}

export interface Peer extends PresenceState {
  clientId: number;
}

/** Reads one remote awareness state defensively: it comes from other people's tabs. */
export function toPeer(clientId: number, state: Record<string, unknown>): Peer | undefined {
  const user = state.user as Partial<LocalUser> | undefined;
  if (!user || typeof user.name !== 'string' || typeof user.color !== 'string') return undefined;
  const cursor = state.cursor as { x?: unknown; y?: unknown } | null | undefined;
  const validCursor =
    cursor && typeof cursor.x === 'number' && typeof cursor.y === 'number' && Number.isFinite(cursor.x + cursor.y)
      ? { x: cursor.x, y: cursor.y }
      : null;
  const selection = Array.isArray(state.selection)
    ? state.selection.filter((id): id is string => typeof id === 'string').slice(0, 500)
    : [];
  return {
    clientId,
    user: { name: user.name.slice(0, 40), color: /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#868e96' },
    cursor: validCursor,
    selection,
  };
}

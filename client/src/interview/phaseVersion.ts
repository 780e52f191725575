import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { signInHeaders } from '../auth/signIn';
import type { BoardSession } from '../sync/BoardSession';

/**
 * Keeps the board as it is now in its version history as a `phase` version (never thinned),
 * named after the phase that just ended. The state vector of this page goes with it: the
 * server saves once it holds everything this page has, the session change included.
 */
export async function savePhaseVersion(session: BoardSession, name: string): Promise<void> {
  const response = await fetch(`/api/boards/${encodeURIComponent(session.boardId)}/history`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json', ...signInHeaders() },
    body: JSON.stringify({ kind: 'phase', name, stateVector: toBase64(Y.encodeStateVector(session.doc)) }),
  });
  if (response.ok) return;
  const body: unknown = await response.json().catch(() => undefined);
  const error = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : undefined;
  throw new Error(error ?? `the server answered HTTP ${response.status}`);
}

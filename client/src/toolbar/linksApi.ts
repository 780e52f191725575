import { z } from 'zod';
import { peekClaims } from '@archboard/shared';

/**
 * The board's view token from `GET /api/boards/<id>/links`, which answers editors: how an
 * editor who did not create the board gets the view link to hand on. The answer is checked
 * at this boundary: it must claim the view role on this board.
 */
export async function fetchViewToken(boardId: string, editToken: string): Promise<string> {
  const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/links`, {
    headers: { authorization: `Bearer ${editToken}` },
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : undefined;
    throw new Error(error ?? `the server answered HTTP ${response.status}`);
  }
  const parsed = z.object({ viewToken: z.string() }).safeParse(body);
  const claims = parsed.success ? peekClaims(parsed.data.viewToken) : undefined;
  if (!parsed.success || claims?.sub !== boardId || claims.role !== 'view') {
    throw new Error('the server answered with something that is not this board’s view link');
  }
  return parsed.data.viewToken;
}

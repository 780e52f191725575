import type { FastifyRequest } from 'fastify';
import { isBoardId, type BoardId, type Role } from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';

export type Access = { ok: true; board: BoardId; role: Role } | { ok: false; status: 400 | 401 | 403; error: string };

/** The token of an HTTP request: `Authorization: Bearer <token>`, or `?token=` for links and <img> tags. */
export function requestToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const query = req.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

/**
 * What a request may do on a board, by the same rules as the WebSocket upgrade: no token
 * or one we did not sign is 401, a token for another board is 403.
 */
export async function authorize(req: FastifyRequest, tokens: BoardTokens, board: string): Promise<Access> {
  if (!isBoardId(board)) return { ok: false, status: 400, error: 'not a board id' };
  const verdict = await tokens.verify(requestToken(req), board);
  if (verdict.ok) return { ok: true, board, role: verdict.role };
  return verdict.close === 'forbidden'
    ? { ok: false, status: 403, error: 'this token is for another board' }
    : { ok: false, status: 401, error: 'missing or invalid token: pass the board’s view or edit token' };
}

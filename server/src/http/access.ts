import type { FastifyRequest } from 'fastify';
import { ID_TOKEN_HEADER, ID_TOKEN_PARAM, isBoardId, type BoardId, type Role } from '@archboard/shared';
import type { BoardTokens, Refusal } from '../auth/BoardTokens';

export type Access =
  | { ok: true; board: BoardId; role: Role; /** the board's current link generation */ generation: number }
  | { ok: false; status: 400 | 401 | 403 | 404 | 503; error: string };

/** The token of an HTTP request: `Authorization: Bearer <token>`, or `?token=` for links and <img> tags. */
export function requestToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const query = req.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

/** The sign-in beside the link: the `x-id-token` header, or `?idToken=` (see ID_TOKEN_PARAM). */
export function requestIdToken(req: FastifyRequest): string | undefined {
  const header = req.headers[ID_TOKEN_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const query = req.query as Record<string, unknown> | undefined;
  const param = query?.[ID_TOKEN_PARAM];
  return typeof param === 'string' ? param : undefined;
}

/** Each refusal of a token as the API answers it. */
const REFUSALS: Record<Refusal, { status: 401 | 403 | 404 | 503; error: string }> = {
  unauthorized: { status: 401, error: 'missing, invalid or expired token: pass the board’s view or edit token' },
  forbidden: { status: 403, error: 'this token is for another board' },
  linkRevoked: { status: 401, error: 'this link was reset by the board’s owner; ask them for a new one' },
  boardDeleted: { status: 404, error: 'no board with this id' },
  signInRequired: { status: 401, error: 'sign in to open this board: it is for signed-in members of its organisation' },
  unavailable: { status: 503, error: 'storage unavailable, try again shortly' },
};

/**
 * What a request may do on a board, by the same rules as the WebSocket upgrade: no token,
 * one we did not sign, an expired one or one of an older link generation is 401, a token
 * for another board is 403, a deleted board is 404, and an organisation-only board without
 * a valid sign-in beside the link (requestIdToken) is 401.
 */
export async function authorize(req: FastifyRequest, tokens: BoardTokens, board: string): Promise<Access> {
  if (!isBoardId(board)) return { ok: false, status: 400, error: 'not a board id' };
  const verdict = await tokens.verify(requestToken(req), board, requestIdToken(req));
  if (verdict.ok) return { ok: true, board, role: verdict.role, generation: verdict.generation };
  if (verdict.detail) req.log.warn({ board, detail: verdict.detail }, 'could not check a token');
  return { ok: false, ...REFUSALS[verdict.close] };
}

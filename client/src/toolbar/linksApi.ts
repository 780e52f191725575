import {
  linksAnswerSchema,
  peekClaims,
  resetLinksAnswerSchema,
  type LinksAnswer,
  type ResetLinksAnswer,
  type Role,
} from '@archboard/shared';
import { signInHeaders } from '../auth/signIn';

/** The `error` of an API answer, or a sentence with its HTTP status. */
async function failure(response: Response): Promise<Error> {
  const body: unknown = await response.json().catch(() => undefined);
  const error = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : undefined;
  return new Error(error ?? `the server answered HTTP ${response.status}`);
}

/** Whether `token` claims `role` on this board: every answer is checked at this boundary. */
const claims = (token: string | undefined, boardId: string, role: Role) => {
  const seen = token === undefined ? undefined : peekClaims(token);
  return seen?.sub === boardId && seen.role === role;
};

/**
 * The board's view link from `GET /api/boards/<id>/links`, which answers the owner and
 * editors: how an editor who did not create the board gets the view link to hand on, made
 * to expire in `expiresIn` seconds when given. The owner gets the edit and owner links too
 * (so does the board's signed-in creator on another of its links: this tab's sign-in goes along).
 */
export async function fetchLinks(boardId: string, token: string, expiresIn?: number): Promise<LinksAnswer> {
  const query = expiresIn === undefined ? '' : `?viewExpiresIn=${expiresIn}`;
  const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/links${query}`, {
    headers: { authorization: `Bearer ${token}`, ...signInHeaders() },
  });
  if (!response.ok) throw await failure(response);
  const parsed = linksAnswerSchema.safeParse(await response.json().catch(() => undefined));
  const ok =
    parsed.success &&
    claims(parsed.data.viewToken, boardId, 'view') &&
    (parsed.data.editToken === undefined || claims(parsed.data.editToken, boardId, 'edit')) &&
    (parsed.data.ownerToken === undefined || claims(parsed.data.ownerToken, boardId, 'owner'));
  if (!ok) throw new Error('the server answered with something that is not this board’s links');
  return parsed.data;
}

/**
 * `POST /api/boards/<id>/links/reset` with the owner token: the board's new owner, edit and
 * view links; every older link stops working, this page's own among them.
 */
export async function resetLinks(boardId: string, ownerToken: string): Promise<ResetLinksAnswer> {
  const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/links/reset`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ownerToken}`, ...signInHeaders() },
  });
  if (!response.ok) throw await failure(response);
  const parsed = resetLinksAnswerSchema.safeParse(await response.json().catch(() => undefined));
  const ok =
    parsed.success &&
    claims(parsed.data.ownerToken, boardId, 'owner') &&
    claims(parsed.data.editToken, boardId, 'edit') &&
    claims(parsed.data.viewToken, boardId, 'view');
  if (!ok) throw new Error('the server answered with something that is not this board’s new links');
  return parsed.data;
}

/** `DELETE /api/boards/<id>` with the owner token: the board and its history are gone for everyone. */
export async function deleteBoard(boardId: string, ownerToken: string): Promise<void> {
  const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${ownerToken}`, ...signInHeaders() },
  });
  if (!response.ok) throw await failure(response);
}

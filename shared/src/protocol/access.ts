import { z } from 'zod';

/**
 * What each role of a board token may do, in one table. A new role is a new row here; the
 * server and the client ask `can(role, right)` and never compare role names, so nothing
 * else changes for it.
 *
 * - `write`: change the board (document updates, saving versions);
 * - `share`: hand out the board's view link (`GET /api/boards/<id>/links`);
 * - `manage`: reset the board's links and delete the board;
 * - `interview`: run an interview (its clock and phases, the private notes and scorecard,
 *   the replay during the session).
 */
export const ROLE_RIGHTS = {
  /** The interviewer's link on an interview board (its creator's): the owner's rights and the interview's. */
  host: { write: true, share: true, manage: true, interview: true },
  /** The creator's link: everything an editor can, plus resetting links and deleting the board. */
  owner: { write: true, share: true, manage: true, interview: false },
  edit: { write: true, share: true, manage: false, interview: false },
  view: { write: false, share: false, manage: false, interview: false },
} as const satisfies Record<string, Record<string, boolean>>;

export type Role = keyof typeof ROLE_RIGHTS;
export type Right = keyof (typeof ROLE_RIGHTS)['owner'];

/** Every role, strongest first. */
export const ROLES = Object.keys(ROLE_RIGHTS) as [Role, ...Role[]];

/** Whether a token of `role` allows `right`. */
export const can = (role: Role, right: Right): boolean => ROLE_RIGHTS[role][right];

/**
 * Where a sign-in goes beside a board's link, for organisation-only boards and for the
 * owner by sign-in: the ID token of the server's OIDC provider, in this query parameter of
 * the WebSocket URL (browsers cannot set headers on a WebSocket) or of an HTTP request, or in
 * this header of an HTTP request (kept out of URLs and their logs).
 */
export const ID_TOKEN_PARAM = 'idToken';
export const ID_TOKEN_HEADER = 'x-id-token';

/**
 * The claims of a board token (signed by the server; see server/src/auth). `gen` is the
 * board's link generation when the token was made; a token without it is of generation 0
 * (every link made before links could be reset). `exp` (seconds since the epoch) is set on
 * view links made to expire.
 */
export const boardClaimsSchema = z.object({
  sub: z.string(),
  role: z.enum(ROLES),
  gen: z.number().int().nonnegative().optional(),
  exp: z.number().optional(),
});
export type BoardClaims = z.infer<typeof boardClaimsSchema>;

/**
 * Reads a token's claims without checking its signature: for the client's UI only
 * (whether to show editing tools, whether a link has expired). The server verifies every
 * token itself.
 */
export function peekClaims(token: string): BoardClaims | undefined {
  try {
    const payload = token.split('.')[1];
    if (!payload) return undefined;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const parsed = boardClaimsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not a JWT: the UI treats it as no token
  }
}

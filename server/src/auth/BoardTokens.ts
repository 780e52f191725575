import { jwtVerify, SignJWT } from 'jose';
import { boardClaimsSchema, type BoardId, type CloseName, type Role } from '@archboard/shared';
import type { Store } from '../store/Store';
import type { BoardSignIn } from './BoardSignIn';

/** Why a token does not open a board; the WebSocket close, and (http/access.ts) the HTTP status. */
export type Refusal = Extract<
  CloseName,
  'unauthorized' | 'forbidden' | 'linkRevoked' | 'boardDeleted' | 'signInRequired' | 'unavailable'
>;

export type Verdict =
  /** `expiresAt`: the token's `exp` (seconds since the epoch), when it has one; an open connection is closed then. */
  | { ok: true; role: Role; generation: number; expiresAt?: number }
  /** `detail`: for the log, when the refusal is not the token's fault (the store failed). */
  | { ok: false; close: Refusal; detail?: string };

/** The links of a board: one token per role. */
export interface BoardLinkTokens {
  ownerToken: string;
  editToken: string;
  viewToken: string;
}

/**
 * Signs and checks board tokens: HS256 JWTs whose subject is the board id, with claims
 * `role` (see ROLE_RIGHTS), `gen` and, on view links made to expire, `exp`. A share link
 * carries one in its URL fragment.
 *
 * `gen` is the board's link generation (Store.linkGeneration) when the token was made, and
 * a token opens the board only while it is the board's current one: resetting the links
 * moves the board to the next generation and every older link stops working. A token
 * carries `gen` only above 0, so the links of a board never reset are exactly the tokens
 * made before generations existed, and keep working until its first reset.
 */
export class BoardTokens {
  constructor(
    private readonly secret: Uint8Array,
    private readonly boards: Pick<Store, 'linkGeneration'>,
    /** Organisation-only boards and owners by sign-in (BoardSignIn); without it, links alone decide. */
    private readonly signIn?: Pick<BoardSignIn, 'check'>,
  ) {}

  /**
   * The board's links of `generation` (its current one: see Verdict and Store.resetLinks).
   * The creator's (`ownerToken`) is of role `creator`: `host` on an interview board.
   */
  async issue(board: BoardId, generation: number, creator: 'owner' | 'host' = 'owner'): Promise<BoardLinkTokens> {
    const [ownerToken, editToken, viewToken] = await Promise.all([
      this.sign(board, creator, generation),
      this.sign(board, 'edit', generation),
      this.sign(board, 'view', generation),
    ]);
    return { ownerToken, editToken, viewToken };
  }

  /**
   * A view-only token for the board. Without `expiresAt` it carries no issue time, so the
   * same board (and generation) always gets the same token, and the exports that hand it on
   * (a design doc's diagram) stay byte-for-byte deterministic. With `expiresAt` (seconds
   * since the epoch) it stops working then.
   */
  viewToken(board: BoardId, generation: number, expiresAt?: number): Promise<string> {
    if (expiresAt !== undefined) return this.sign(board, 'view', generation, expiresAt);
    return new SignJWT(generation > 0 ? { role: 'view', gen: generation } : { role: 'view' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(board)
      .sign(this.secret);
  }

  /** A token of `role` for the board's links of `generation`, expiring at `expiresAt` (seconds since the epoch) if given. */
  sign(board: BoardId, role: Role, generation: number, expiresAt?: number): Promise<string> {
    const jwt = new SignJWT(generation > 0 ? { role, gen: generation } : { role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(board)
      .setIssuedAt();
    if (expiresAt !== undefined) jwt.setExpirationTime(expiresAt);
    return jwt.sign(this.secret);
  }

  /**
   * What `token` allows on `board`: 4401 when it is missing, not ours or expired, 4403 when
   * it is for another board, 4404 when the board was deleted, 4410 when its links were reset
   * since the token was made. The board's generation is read only for a token that passed
   * every other check, so garbage costs no store read; a store that cannot answer gives
   * 4503, which clients retry. Then `idToken`, a sign-in beside the link, is checked against
   * the board's record (BoardSignIn): 4407 for an organisation-only board without a valid
   * one; the owner's role for the board's signed-in creator.
   */
  async verify(token: string | null | undefined, board: BoardId, idToken?: string | null): Promise<Verdict> {
    if (!token) return { ok: false, close: 'unauthorized' };
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.secret, { algorithms: ['HS256'] }));
    } catch {
      return { ok: false, close: 'unauthorized' }; // bad signature, expired, or not a JWT: the caller logs the close
    }
    const claims = boardClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, close: 'unauthorized' };
    if (claims.data.sub !== board) return { ok: false, close: 'forbidden' };
    let current;
    try {
      current = await this.boards.linkGeneration(board);
    } catch (e) {
      return { ok: false, close: 'unavailable', detail: `reading the link generation: ${String(e)}` };
    }
    if (current === 'deleted') return { ok: false, close: 'boardDeleted' };
    if ((claims.data.gen ?? 0) !== current) return { ok: false, close: 'linkRevoked' };
    let { role } = claims.data;
    if (this.signIn) {
      const checked = await this.signIn.check(board, role, idToken);
      if (!checked.ok) return checked;
      role = checked.role;
    }
    const { exp } = claims.data;
    return { ok: true, role, generation: current, ...(exp === undefined ? {} : { expiresAt: exp }) };
  }
}

import { jwtVerify, SignJWT } from 'jose';
import { boardClaimsSchema, type BoardId, type CloseName, type Role } from '@archboard/shared';

export type Verdict = { ok: true; role: Role } | { ok: false; close: Extract<CloseName, 'unauthorized' | 'forbidden'> };

/**
 * Signs and checks board tokens: HS256 JWTs whose subject is the board id and whose
 * `role` claim is `edit` or `view`. A share link carries one in its URL fragment.
 */
export class BoardTokens {
  constructor(private readonly secret: Uint8Array) {}

  async issue(board: BoardId): Promise<{ editToken: string; viewToken: string }> {
    const [editToken, viewToken] = await Promise.all([this.sign(board, 'edit'), this.sign(board, 'view')]);
    return { editToken, viewToken };
  }

  /**
   * A view-only token for the board, for the links an export hands on (a design doc's
   * diagram). It carries no issue time, so the same board always gets the same token and
   * its exports stay byte-for-byte deterministic.
   */
  viewToken(board: BoardId): Promise<string> {
    return new SignJWT({ role: 'view' }).setProtectedHeader({ alg: 'HS256' }).setSubject(board).sign(this.secret);
  }

  private sign(board: BoardId, role: Role): Promise<string> {
    return new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject(board).setIssuedAt().sign(this.secret);
  }

  /** What `token` allows on `board`: 4401 when it is missing or not ours, 4403 when it is for another board. */
  async verify(token: string | null | undefined, board: BoardId): Promise<Verdict> {
    if (!token) return { ok: false, close: 'unauthorized' };
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.secret, { algorithms: ['HS256'] }));
    } catch {
      return { ok: false, close: 'unauthorized' }; // bad signature or not a JWT: the caller logs the close
    }
    const claims = boardClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, close: 'unauthorized' };
    if (claims.data.sub !== board) return { ok: false, close: 'forbidden' };
    return { ok: true, role: claims.data.role };
  }
}

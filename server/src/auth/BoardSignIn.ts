import type { BoardId, Role } from '@archboard/shared';
import type { BoardOwner, Store } from '../store/Store';
import type { OidcVerifier, SignedIn } from './oidc';

/*
 * Rule: a board's link says which board and what it may do; a sign-in says who is asking.
 * An organisation-only board opens only with both: a valid link and a valid ID token of
 * the server's OIDC provider. The signed-in creator of a board is its owner, whichever of
 * its valid links they come with. Both are read from the board's record (Store.boardMeta),
 * which a board created before records existed does not have: it opens as before.
 *
 * An organisation-only board on a server whose sign-in was switched off opens for nobody
 * (there is no sign-in to check) until sign-in is configured again: failing closed.
 */

export type SignInCheck =
  { ok: true; role: Role } | { ok: false; close: 'signInRequired' | 'unavailable'; /** for the log */ detail?: string };

export class BoardSignIn {
  constructor(
    private readonly boards: Pick<Store, 'boardMeta'>,
    /** The server's provider; undefined when sign-in is not configured. */
    private readonly verifier: Pick<OidcVerifier, 'verify' | 'issuer'> | undefined,
  ) {}

  /**
   * What a link of `role`, already checked, may do on `board` with `idToken` beside it: the
   * same role, the owner's when the token's subject created the board, or a refusal when
   * the board is organisation-only and the token is missing or not valid. The ID token is
   * verified only when the board's record makes it matter.
   */
  async check(board: BoardId, role: Role, idToken: string | null | undefined): Promise<SignInCheck> {
    let meta;
    try {
      meta = await this.boards.boardMeta(board);
    } catch (e) {
      return { ok: false, close: 'unavailable', detail: `reading the board's record: ${String(e)}` };
    }
    if (!meta || (!meta.orgOnly && !meta.owner)) return { ok: true, role };
    const user = idToken ? await this.who(idToken) : undefined;
    if (meta.orgOnly && !user) return { ok: false, close: 'signInRequired' };
    if (user && meta.owner && this.isOwner(meta.owner, user)) return { ok: true, role: 'owner' };
    return { ok: true, role };
  }

  private async who(idToken: string): Promise<SignedIn | undefined> {
    const verdict = await this.verifier?.verify(idToken);
    return verdict?.ok ? verdict.user : undefined;
  }

  /** A subject is only its provider's: the same `sub` from another issuer is someone else. */
  private isOwner(owner: BoardOwner, user: SignedIn): boolean {
    return owner.issuer === this.verifier?.issuer && owner.subject === user.subject;
  }
}

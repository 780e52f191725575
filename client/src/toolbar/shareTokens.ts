import { can, peekClaims, type ResetLinksAnswer, type Role } from '@archboard/shared';
import { generationOf, rememberBoard, type RecentBoard } from '../recentBoards';
import { boardPath, navigate } from '../router';

/** The links a board page can hand on (Share menu, exports), one per role it knows. */
export interface ShareTokens {
  /** The creator's link, the one that manages the board: an owner's, or an interview's host's. */
  owner?: string;
  edit?: string;
  view?: string;
}

/**
 * The page's own token in its role's place, and from what this browser remembers the
 * tokens a sharer may pass on: the edit link for the owner, the view link for the owner
 * and editors. Only remembered tokens of the page token's link generation count (older
 * ones were reset), and no view link that expires (the Share menu makes those on demand).
 */
export function shareTokens(role: Role, token: string, recent: RecentBoard | undefined): ShareTokens {
  const generation = generationOf(token);
  const usable = (kept: string | undefined) =>
    kept !== undefined && generationOf(kept) === generation && peekClaims(kept)?.exp === undefined ? kept : undefined;
  const own: ShareTokens = { [role]: token };
  return {
    owner: can(role, 'manage') ? token : undefined,
    edit: own.edit ?? (can(role, 'manage') ? usable(recent?.editToken) : undefined),
    view: own.view ?? (can(role, 'share') ? usable(recent?.viewToken) : undefined),
  };
}

/** Boards whose links this tab just reset, and when: the page that opens next shows the new links. */
const resetAt = new Map<string, number>();
const NOTICE_MS = 10_000;

/** Whether this tab reset the board's links a moment ago (the Share menu then opens with the new links). */
export const justReset = (boardId: string): boolean => Date.now() - (resetAt.get(boardId) ?? -Infinity) < NOTICE_MS;

/**
 * After a reset: remembers the board's new links (the older ones are forgotten with it)
 * and moves the page to the new owner link. The page opens a new session with it; the old
 * one was closed by the server (4410) as part of the reset.
 */
export function adoptNewLinks(boardId: string, links: ResetLinksAnswer): void {
  rememberBoard(boardId, { token: { role: 'owner', value: links.ownerToken }, touch: true });
  rememberBoard(boardId, { token: { role: 'edit', value: links.editToken } });
  rememberBoard(boardId, { token: { role: 'view', value: links.viewToken } });
  resetAt.set(boardId, Date.now());
  navigate(boardPath(boardId, links.ownerToken), { replace: true });
}

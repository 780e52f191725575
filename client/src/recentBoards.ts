import { useSyncExternalStore } from 'react';
import { peekClaims, type Role } from '@archboard/shared';

/**
 * Boards this browser has opened, remembered in localStorage so the landing page can
 * list them. Tokens are kept per role: the creator gets all three (owner, edit, view) from
 * the server; someone who opened a link has the one it carried (and an editor the view
 * token the server hands editors). Nothing else secret is stored.
 *
 * When a token of a newer link generation is remembered (the owner reset the links), the
 * board's tokens of older generations are forgotten: the server refuses them now.
 *
 * The rule that keeps the way back (bug 2): a token is remembered only in the slot of
 * the role it claims, and only when it claims this board (`peekClaims`). So opening a
 * board with another board's token, or with a view link, never replaces the edit link
 * kept for it; a different edit token for the board does.
 */
export interface RecentBoard {
  id: string;
  title: string;
  ownerToken?: string;
  editToken?: string;
  viewToken?: string;
  lastOpened: number;
}

const KEY = 'archboard:recent-boards';
const MAX = 30;
const CHANGED = 'archboard:recent-boards-changed';

function isRecentBoard(value: unknown): value is RecentBoard {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.title === 'string' && typeof v.lastOpened === 'number';
}

/** Where each role's token is kept: the creator's, owner or interview host, in one slot. */
type Slot = 'ownerToken' | 'editToken' | 'viewToken';
const SLOTS: Record<Role, Slot> = { owner: 'ownerToken', host: 'ownerToken', edit: 'editToken', view: 'viewToken' };

/** The link generation a token claims (0 when it names none). */
export const generationOf = (token: string): number => peekClaims(token)?.gen ?? 0;

/** Whether `token` claims `role` (or a role kept in the same slot) on board `id` (its signature is the server's to check). */
function tokenFits(id: string, role: Role, token: string | undefined): boolean {
  const claims = token === undefined ? undefined : peekClaims(token);
  return claims?.sub === id && SLOTS[claims.role] === SLOTS[role];
}

/** The entry without tokens that are not its board's (as an older version stored them). */
function withOwnTokens(board: RecentBoard): RecentBoard {
  const own = { ...board };
  for (const [role, slot] of Object.entries(SLOTS) as [Role, Slot][]) {
    if (own[slot] !== undefined && !tokenFits(own.id, role, own[slot])) delete own[slot];
  }
  return own;
}

/** Where the list is kept: localStorage unless another is given (the tests' own). */
export type BoardListStorage = Pick<Storage, 'getItem' | 'setItem'>;

let cache: { raw: string | null; boards: RecentBoard[] } = { raw: null, boards: [] };

export function loadRecentBoards(storage?: BoardListStorage): RecentBoard[] {
  let raw: string | null = null;
  try {
    raw = (storage ?? localStorage).getItem(KEY);
  } catch (error) {
    console.warn('archboard: localStorage is not available', error);
  }
  if (raw === cache.raw) return cache.boards;
  let boards: RecentBoard[] = [];
  try {
    const parsed: unknown = JSON.parse(raw ?? '[]');
    boards = Array.isArray(parsed) ? parsed.filter(isRecentBoard).map(withOwnTokens) : [];
  } catch (error) {
    console.warn('archboard: ignoring an unreadable list of recent boards', error);
  }
  cache = { raw, boards: boards.sort((a, b) => b.lastOpened - a.lastOpened) };
  return cache.boards;
}

function save(boards: RecentBoard[], storage: BoardListStorage | undefined): void {
  try {
    (storage ?? localStorage).setItem(KEY, JSON.stringify(boards.slice(0, MAX)));
  } catch (error) {
    console.warn('archboard: could not remember recent boards', error);
  }
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(CHANGED));
}

export function findRecentBoard(id: string, storage?: BoardListStorage): RecentBoard | undefined {
  return loadRecentBoards(storage).find((b) => b.id === id);
}

/**
 * Records that a board was opened (or renamed), keeping tokens learnt earlier. A token
 * that does not claim `role` on this board is not remembered, and then nothing of the
 * patch is: the board was opened with a link that is not its own.
 */
export function rememberBoard(
  id: string,
  patch: { title?: string; token?: { role: Role; value: string }; touch?: boolean },
  storage?: BoardListStorage,
): void {
  if (patch.token && !tokenFits(id, patch.token.role, patch.token.value)) {
    console.info(`archboard: not remembering a ${patch.token.role} token that is not board ${id}'s`);
    return;
  }
  const boards = loadRecentBoards(storage);
  const existing = boards.find((b) => b.id === id);
  const next: RecentBoard = { ...(existing ?? { id, title: 'Untitled board', lastOpened: Date.now() }) };
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.token) {
    const generation = generationOf(patch.token.value);
    for (const slot of Object.values(SLOTS)) {
      const kept = next[slot];
      if (kept !== undefined && generationOf(kept) < generation) delete next[slot];
    }
    next[SLOTS[patch.token.role]] = patch.token.value;
  }
  if (patch.touch) next.lastOpened = Date.now();
  if (existing && JSON.stringify(existing) === JSON.stringify(next)) return;
  const list = [next, ...boards.filter((b) => b.id !== id)].sort((a, b) => b.lastOpened - a.lastOpened);
  save(list, storage);
}

export function forgetBoard(id: string, storage?: BoardListStorage): void {
  save(
    loadRecentBoards(storage).filter((b) => b.id !== id),
    storage,
  );
}

function subscribe(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  window.addEventListener('storage', listener);
  return () => {
    window.removeEventListener(CHANGED, listener);
    window.removeEventListener('storage', listener);
  };
}

export function useRecentBoards(): RecentBoard[] {
  return useSyncExternalStore(subscribe, loadRecentBoards);
}

import { useSyncExternalStore } from 'react';
import type { Role } from '@archboard/shared';

/**
 * Boards this browser has opened, remembered in localStorage so the landing page can
 * list them. Tokens are kept per role: the creator gets both from the server; someone
 * who opened a link has the one it carried. Nothing else secret is stored.
 */
export interface RecentBoard {
  id: string;
  title: string;
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

let cache: { raw: string | null; boards: RecentBoard[] } = { raw: null, boards: [] };

export function loadRecentBoards(): RecentBoard[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(KEY);
  } catch (error) {
    console.warn('archboard: localStorage is not available', error);
  }
  if (raw === cache.raw) return cache.boards;
  let boards: RecentBoard[] = [];
  try {
    const parsed: unknown = JSON.parse(raw ?? '[]');
    boards = Array.isArray(parsed) ? parsed.filter(isRecentBoard) : [];
  } catch (error) {
    console.warn('archboard: ignoring an unreadable list of recent boards', error);
  }
  cache = { raw, boards: boards.sort((a, b) => b.lastOpened - a.lastOpened) };
  return cache.boards;
}

function save(boards: RecentBoard[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(boards.slice(0, MAX)));
  } catch (error) {
    console.warn('archboard: could not remember recent boards', error);
  }
  window.dispatchEvent(new Event(CHANGED));
}

export function findRecentBoard(id: string): RecentBoard | undefined {
  return loadRecentBoards().find((b) => b.id === id);
}

/** Records that a board was opened (or renamed), keeping tokens learnt earlier. */
export function rememberBoard(
  id: string,
  patch: { title?: string; token?: { role: Role; value: string }; touch?: boolean },
): void {
  const boards = loadRecentBoards();
  const existing = boards.find((b) => b.id === id);
  const next: RecentBoard = { ...(existing ?? { id, title: 'Untitled board', lastOpened: Date.now() }) };
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.token) next[patch.token.role === 'edit' ? 'editToken' : 'viewToken'] = patch.token.value;
  if (patch.touch) next.lastOpened = Date.now();
  if (existing && JSON.stringify(existing) === JSON.stringify(next)) return;
  save([next, ...boards.filter((b) => b.id !== id)].sort((a, b) => b.lastOpened - a.lastOpened));
}

export function forgetBoard(id: string): void {
  save(loadRecentBoards().filter((b) => b.id !== id));
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

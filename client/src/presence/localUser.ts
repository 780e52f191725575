/**
 * Who this browser is to other people on a board: a name and a colour, remembered in
 * localStorage. Presence only: never written to a board. Until the person picks their
 * own (the name dialog), it is a friendly random one, and `chosen` is unset in storage.
 */
export interface LocalUser {
  name: string;
  color: string;
}

const KEY = 'archboard:user';
const CHANGED = 'archboard:user-changed';
/** As long as awareness lets a name be (presenceState.ts cuts longer ones). */
export const MAX_NAME_LENGTH = 40;

const ADJECTIVES = [
  'Swift',
  'Calm',
  'Bright',
  'Curious',
  'Bold',
  'Gentle',
  'Clever',
  'Lucky',
  'Brave',
  'Quiet',
  'Sunny',
  'Nimble',
];
const ANIMALS = [
  'Otter',
  'Falcon',
  'Panda',
  'Lynx',
  'Heron',
  'Koala',
  'Badger',
  'Orca',
  'Fox',
  'Ibex',
  'Marten',
  'Puffin',
];

/** Saturated enough to read on white, distinct from each other. */
export const USER_COLORS = ['#e8590c', '#2f9e44', '#1c7ed6', '#ae3ec9', '#d6336c', '#0c8599', '#f08c00', '#5f3dc4'];

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

function isLocalUser(value: unknown): value is LocalUser {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' && v.name.length > 0 && typeof v.color === 'string' && /^#[0-9a-f]{6}$/i.test(v.color)
  );
}

export function loadLocalUser(): LocalUser {
  const stored = readStored().user;
  if (stored) return stored;
  const user = { name: `${pick(ADJECTIVES)} ${pick(ANIMALS)}`, color: pick(USER_COLORS) };
  // No change event: this runs while a page renders, before anything listens.
  write(user, false);
  return user;
}

function write(user: LocalUser, chosen: boolean): void {
  const record = { name: user.name, color: user.color, ...(chosen ? { chosen: true } : {}) };
  try {
    localStorage.setItem(KEY, JSON.stringify(record));
  } catch (error) {
    console.warn('archboard: could not remember the user name', error);
  }
}

/** Stores the user and tells every open view; `chosen` marks a name the person picked or kept. */
export function saveLocalUser(user: LocalUser, options: { chosen?: boolean } = {}): void {
  write(user, options.chosen ?? false);
  window.dispatchEvent(new Event(CHANGED));
}

/** The name as typed, made fit to show: trimmed, single-spaced, not too long. */
export const cleanName = (name: string): string => name.trim().replace(/\s+/g, ' ').slice(0, MAX_NAME_LENGTH);

let cache: { raw: string | null; user: LocalUser | null; chosen: boolean } = { raw: null, user: null, chosen: false };

/** The stored user, the same object until storage changes; null when nothing valid is stored. */
function readStored(): typeof cache {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(KEY);
  } catch (error) {
    console.warn('archboard: localStorage is not available', error);
  }
  if (raw === cache.raw) return cache;
  let stored: unknown = null;
  try {
    stored = JSON.parse(raw ?? 'null');
  } catch (error) {
    console.warn('archboard: ignoring an unreadable saved user name', error);
  }
  const user = isLocalUser(stored) ? { name: stored.name, color: stored.color } : null;
  cache = { raw, user, chosen: user !== null && (stored as { chosen?: unknown }).chosen === true };
  return cache;
}

/** The stored user (null if none), for useSyncExternalStore. */
export const storedLocalUser = (): LocalUser | null => readStored().user;

/** Whether the person has picked (or kept) their name, so the first-visit prompt is done. */
export const hasChosenName = (): boolean => readStored().chosen;

/** Calls `listener` when this tab or another one changes the stored user. */
export function subscribeLocalUser(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => (event.key === KEY || event.key === null) && listener();
  window.addEventListener(CHANGED, listener);
  window.addEventListener('storage', onStorage);
  return () => {
    window.removeEventListener(CHANGED, listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The first letters (or digits) of a name's first two words: "Ines (interviewer)" → "II". */
export function initials(name: string): string {
  const words = name.match(/[\p{L}\p{N}][^\s]*/gu) ?? [];
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

/**
 * Who this browser is to other people on a board: a friendly random name and a colour,
 * chosen once and remembered in localStorage. Presence only: never written to a board.
 */
export interface LocalUser {
  name: string;
  color: string;
}

const KEY = 'archboard:user';

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
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (isLocalUser(stored)) return stored;
  } catch (error) {
    console.warn('archboard: ignoring an unreadable saved user name', error);
  }
  const user = { name: `${pick(ADJECTIVES)} ${pick(ANIMALS)}`, color: pick(USER_COLORS) };
  saveLocalUser(user);
  return user;
}

export function saveLocalUser(user: LocalUser): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(user));
  } catch (error) {
    console.warn('archboard: could not remember the user name', error);
  }
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

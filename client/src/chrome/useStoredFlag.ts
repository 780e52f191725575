import { useCallback, useSyncExternalStore } from 'react';

/**
 * A yes/no preference of this browser (local view state: never on a board), kept in
 * localStorage under `key` and shared by every view that reads the same key, in this tab
 * and others.
 */
const CHANGED = 'archboard:flag-changed';

/**
 * The values read so far, by key (null: never set here, so the caller's fallback). A render
 * reads the flag (useSyncExternalStore calls getSnapshot on every render of every user), and
 * localStorage is a synchronous store behind a lock: it is read again only after a change,
 * here or in another tab.
 */
const known = new Map<string, boolean | null>();

function read(key: string, fallback: boolean): boolean {
  let stored = known.get(key);
  if (stored === undefined) {
    stored = null;
    try {
      const text = localStorage.getItem(key);
      if (text !== null) stored = text === 'true';
    } catch (error) {
      console.warn(`archboard: localStorage is not available; ${key} follows its default`, error);
    }
    known.set(key, stored);
  }
  return stored ?? fallback;
}

function subscribe(listener: () => void): () => void {
  // Another tab's change: read again. This tab's own are already known (see set).
  const elsewhere = () => {
    known.clear();
    listener();
  };
  window.addEventListener(CHANGED, listener);
  window.addEventListener('storage', elsewhere);
  return () => {
    window.removeEventListener(CHANGED, listener);
    window.removeEventListener('storage', elsewhere);
  };
}

/** The flag under `key`; until someone sets it in this browser, `fallback` (which may change). */
export function useStoredFlag(key: string, fallback: boolean): [boolean, (value: boolean) => void] {
  const value = useSyncExternalStore(subscribe, () => read(key, fallback));
  const set = useCallback(
    (next: boolean) => {
      try {
        localStorage.setItem(key, String(next));
      } catch (error) {
        console.warn(`archboard: could not remember ${key}`, error);
      }
      known.set(key, next);
      window.dispatchEvent(new Event(CHANGED));
    },
    [key],
  );
  return [value, set];
}

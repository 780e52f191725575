import { useCallback, useSyncExternalStore } from 'react';

/**
 * A yes/no preference of this browser (local view state: never on a board), kept in
 * localStorage under `key` and shared by every view that reads the same key, in this tab
 * and others.
 */
const CHANGED = 'archboard:flag-changed';

function read(key: string, fallback: boolean): boolean {
  try {
    const stored = localStorage.getItem(key);
    return stored === null ? fallback : stored === 'true';
  } catch (error) {
    console.warn(`archboard: localStorage is not available; ${key} stays ${fallback}`, error);
    return fallback;
  }
}

function subscribe(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  window.addEventListener('storage', listener);
  return () => {
    window.removeEventListener(CHANGED, listener);
    window.removeEventListener('storage', listener);
  };
}

export function useStoredFlag(key: string, fallback: boolean): [boolean, (value: boolean) => void] {
  const value = useSyncExternalStore(subscribe, () => read(key, fallback));
  const set = useCallback(
    (next: boolean) => {
      try {
        localStorage.setItem(key, String(next));
      } catch (error) {
        console.warn(`archboard: could not remember ${key}`, error);
      }
      window.dispatchEvent(new Event(CHANGED));
    },
    [key],
  );
  return [value, set];
}

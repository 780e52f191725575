import { useSyncExternalStore } from 'react';

/**
 * Light or dark: the user's preference (local view state, kept in this browser, never on a
 * board) and the theme it resolves to. The resolved theme is `data-theme` on <html>, which
 * every stylesheet keys its colours on. index.html sets it with an inline script before the
 * first paint, with the same key and rule as here (theme.test.ts holds the two together);
 * this module keeps it right afterwards, when the preference or the system changes.
 */
export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'archboard:theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';
const CHANGED = 'archboard:theme-changed';

const isPreference = (value: unknown): value is ThemePreference => THEME_PREFERENCES.includes(value as ThemePreference);

/** The theme a preference shows, given whether the system asks for dark. */
export const resolveTheme = (preference: ThemePreference, systemDark: boolean): Theme =>
  preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;

export function loadThemePreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    return isPreference(stored) ? stored : 'system';
  } catch (error) {
    console.warn('archboard: localStorage is not available; following the system theme', error);
    return 'system';
  }
}

const systemDark = (): boolean => typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;

/** Sets `data-theme` on <html> to what the stored preference shows now. */
export function applyTheme(): Theme {
  const theme = resolveTheme(loadThemePreference(), systemDark());
  if (document.documentElement.dataset.theme !== theme) document.documentElement.dataset.theme = theme;
  return theme;
}

export function saveThemePreference(preference: ThemePreference): void {
  try {
    if (preference === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, preference);
  } catch (error) {
    console.warn('archboard: could not remember the theme', error);
  }
  applyTheme();
  window.dispatchEvent(new Event(CHANGED));
}

/**
 * Re-applies the theme when the system switches, or another tab changes the preference.
 * Started once by main.tsx; returns its own teardown.
 */
export function followTheme(): () => void {
  const media = typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : undefined;
  const onChange = () => {
    applyTheme();
    window.dispatchEvent(new Event(CHANGED));
  };
  const onStorage = (event: StorageEvent) => event.key === THEME_KEY && onChange();
  media?.addEventListener('change', onChange);
  window.addEventListener('storage', onStorage);
  applyTheme();
  return () => {
    media?.removeEventListener('change', onChange);
    window.removeEventListener('storage', onStorage);
  };
}

function subscribe(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}

/** The stored preference and the theme on screen; re-renders when either changes. */
export function useTheme(): { preference: ThemePreference; theme: Theme } {
  const preference = useSyncExternalStore(subscribe, loadThemePreference);
  const theme = useSyncExternalStore(subscribe, () =>
    document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light',
  );
  return { preference, theme };
}

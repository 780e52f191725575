import { describe, expect, it } from 'vitest';
import { inlineScript } from '../testing/indexHtml';
import { resolveTheme, THEME_KEY, THEME_PREFERENCES, type ThemePreference } from './theme';

/** Runs index.html's inline theme script against a stored value and a system setting. */
function firstPaintTheme(stored: string | null, systemDark: boolean): string | undefined {
  const script = inlineScript('prefers-color-scheme');
  const dataset: { theme?: string } = {};
  const localStorage = { getItem: (key: string) => (key === THEME_KEY ? stored : null) };
  const matchMedia = (query: string) => ({ matches: query === '(prefers-color-scheme: dark)' && systemDark });
  const window = { matchMedia };
  const document = { documentElement: { dataset } };
  new Function('localStorage', 'matchMedia', 'window', 'document', script)(localStorage, matchMedia, window, document);
  return dataset.theme;
}

describe('the theme', () => {
  it('THEME-1 follows the system unless the user picked light or dark', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('THEME-2 index.html sets the same theme before the first paint as the app does after it', () => {
    const stored: (ThemePreference | null | 'nonsense')[] = [...THEME_PREFERENCES, null, 'nonsense'];
    for (const value of stored)
      for (const systemDark of [false, true]) {
        const preference: ThemePreference = value === 'light' || value === 'dark' ? value : 'system';
        expect(firstPaintTheme(value, systemDark), `${value} with a ${systemDark ? 'dark' : 'light'} system`).toBe(
          resolveTheme(preference, systemDark),
        );
      }
  });
});

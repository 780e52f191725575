import { saveThemePreference, THEME_PREFERENCES, useTheme, type ThemePreference } from '../theme/theme';
import { usePopover } from '../toolbar/usePopover';
import './chrome.css';

const TEXT: Record<ThemePreference, { title: string; hint: string }> = {
  system: { title: 'System', hint: 'Light or dark, as your device is set' },
  light: { title: 'Light', hint: 'Always light' },
  dark: { title: 'Dark', hint: 'Always dark' },
};

/** Sun, moon, or a screen for "as the system is". */
export function ThemeIcon({ preference }: { preference: ThemePreference }) {
  const common = {
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 1.6,
    strokeLinecap: 'round',
    strokeLinejoin: 'round',
  } as const;
  return (
    <svg width="18" height="18" viewBox="0 0 20 20" aria-hidden="true">
      {preference === 'light' && (
        <>
          <circle cx="10" cy="10" r="3.4" {...common} />
          <path
            d="M10 2.5v1.8M10 15.7v1.8M2.5 10h1.8M15.7 10h1.8M4.7 4.7l1.3 1.3M14 14l1.3 1.3M4.7 15.3 6 14M14 6l1.3-1.3"
            {...common}
          />
        </>
      )}
      {preference === 'dark' && <path d="M15.5 12.6A6.2 6.2 0 0 1 7.4 4.5a6.2 6.2 0 1 0 8.1 8.1z" {...common} />}
      {preference === 'system' && (
        <>
          <rect x="2.8" y="3.8" width="14.4" height="9.6" rx="1.6" {...common} />
          <path d="M7 16.5h6M10 13.4v3.1" {...common} />
        </>
      )}
    </svg>
  );
}

/**
 * The theme picker: a button showing the current choice, with System / Light / Dark
 * below it. The choice is kept in this browser (theme.ts) and applies at once.
 */
export function ThemeToggle() {
  const { open, setOpen, root } = usePopover<HTMLDivElement>();
  const { preference, theme } = useTheme();
  return (
    <div className="theme-toggle" ref={root}>
      <button
        type="button"
        className="icon-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={`Theme: ${TEXT[preference].title}`}
        title={`Theme: ${TEXT[preference].title}`}
        data-testid="theme-toggle"
        data-preference={preference}
        data-theme={theme}
        onClick={() => setOpen(!open)}
      >
        <ThemeIcon preference={preference} />
      </button>
      {open && (
        <div className="chrome-menu theme-toggle__menu" role="radiogroup" aria-label="Theme">
          {THEME_PREFERENCES.map((option) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={option === preference}
              className={`chrome-menu__item${option === preference ? ' is-active' : ''}`}
              data-testid={`theme-${option}`}
              onClick={() => {
                saveThemePreference(option);
                setOpen(false);
              }}
            >
              <ThemeIcon preference={option} />
              <span className="chrome-menu__text">
                <strong>{TEXT[option].title}</strong>
                <span>{TEXT[option].hint}</span>
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

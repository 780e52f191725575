import { Fragment, useEffect, useId } from 'react';
import { isMac, keyLabel, SHORTCUT_GROUPS, SHORTCUTS } from './shortcuts';
import { inTextField } from '../inTextField';
import './chrome.css';

/**
 * `?` as the layout types it, or Shift with the key that types `/` (what a US keyboard
 * presses for `?`, and what synthetic events send).
 */
const isQuestionMark = (event: KeyboardEvent): boolean => event.key === '?' || (event.key === '/' && event.shiftKey);

/** Calls `open` when `?` is typed anywhere on the page but in a text field. */
export function useShortcutSheetKey(open: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isQuestionMark(event) || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (inTextField(event.target)) return;
      event.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}

/**
 * The keyboard shortcut sheet (`?`): every entry of shortcuts.ts, grouped. Modal while
 * open: keys pressed in it stay in it, so Delete cannot reach the canvas behind it.
 * Escape, the close button and a click outside close it.
 */
export function ShortcutSheet({ onClose }: { onClose(): void }) {
  const titleId = useId();
  const mac = isMac();
  return (
    <div className="dialog-backdrop" onPointerDown={onClose}>
      <div
        className="dialog shortcut-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="shortcut-sheet"
        onPointerDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape') onClose();
        }}
      >
        <div className="shortcut-sheet__head">
          <h2 id={titleId}>Keyboard shortcuts</h2>
          <button
            type="button"
            className="icon-button"
            aria-label="Close"
            title="Close (Escape)"
            autoFocus
            onClick={onClose}
            data-testid="shortcut-sheet-close"
          >
            ×
          </button>
        </div>
        <div className="shortcut-sheet__groups">
          {SHORTCUT_GROUPS.map((group) => (
            <section key={group} className="shortcut-sheet__group">
              <h3>{group}</h3>
              <dl>
                {SHORTCUTS.filter((s) => s.group === group).map((shortcut) => (
                  <div key={shortcut.action} className={`shortcut${shortcut.coming ? ' is-coming' : ''}`}>
                    <dt>
                      {shortcut.action}
                      {shortcut.coming && (
                        <span className="shortcut__soon" title="Being added; not in this version yet">
                          soon
                        </span>
                      )}
                    </dt>
                    <dd>
                      {shortcut.keys.map((combo, i) => (
                        <Fragment key={combo.join('+')}>
                          {i > 0 && <span className="shortcut__or">or</span>}
                          <span className="shortcut__combo">
                            {combo.map((key) => (
                              <kbd key={key}>{keyLabel(key, mac)}</kbd>
                            ))}
                          </span>
                        </Fragment>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}

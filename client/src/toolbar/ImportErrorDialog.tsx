import { useEffect } from 'react';
import type { ImportError } from '@archboard/shared';

/** Why a file could not be imported, every finding listed; the board was left as it was. */
export function ImportErrorDialog({ error, onClose }: { error: ImportError; onClose(): void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onPointerDown={onClose}>
      <div
        className="dialog"
        role="alertdialog"
        aria-labelledby="import-error-title"
        data-testid="import-error"
        onPointerDown={(event) => event.stopPropagation()}
      >
        <h2 id="import-error-title">This file cannot be imported</h2>
        <p>Nothing was changed. What is wrong with it:</p>
        <ul className="dialog__problems">
          {error.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={onClose} autoFocus>
            OK
          </button>
        </div>
      </div>
    </div>
  );
}

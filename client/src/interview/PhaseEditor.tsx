import { useState } from 'react';
import type { Phase } from '@archboard/shared';
import { BarPopover } from './BarPopover';
import {
  addRow,
  defaultDraft,
  draftOf,
  MAX_PHASES,
  parseDraft,
  removeRow,
  totalMinutes,
  type DraftRow,
} from './phaseDraft';

/**
 * The host's "Edit phases" before the start: a name and minutes per phase, add, remove,
 * back to the defaults. Nothing is written until Save; the draft is this tab's alone.
 */
export function PhaseEditor({ phases, onSave }: { phases: Phase[]; onSave(phases: Phase[]): void }) {
  const [draft, setDraft] = useState<DraftRow[]>([]);
  const parsed = parseDraft(draft);
  const edit = (key: number, change: Partial<DraftRow>) =>
    setDraft((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  return (
    <BarPopover label={'Edit phases'} testId="interview-edit-phases" onOpen={() => setDraft(draftOf(phases))}>
      {(close) => (
        <form
          className="menu-popover phase-editor__popover"
          aria-label="Interview phases"
          onSubmit={(event) => {
            event.preventDefault();
            if (!parsed.ok) return;
            onSave(parsed.phases);
            close();
          }}
        >
          <div className="phase-editor__head">
            <strong>Phases</strong>
            <span>{parsed.ok ? `${totalMinutes(parsed.phases)} min in all` : ' '}</span>
          </div>
          <ol className="phase-editor__rows">
            {draft.map((row, i) => (
              <li key={row.key} className="phase-editor__row">
                <span className="phase-editor__index">{i + 1}</span>
                <input
                  className="phase-editor__name"
                  aria-label={`Phase ${i + 1} name`}
                  value={row.name}
                  maxLength={60}
                  onChange={(event) => edit(row.key, { name: event.target.value })}
                  data-testid={`interview-phase-name-${i}`}
                />
                <input
                  className="phase-editor__minutes"
                  aria-label={`Phase ${i + 1} minutes`}
                  type="number"
                  min={1}
                  max={180}
                  value={row.minutes}
                  onChange={(event) => edit(row.key, { minutes: event.target.value })}
                  data-testid={`interview-phase-minutes-${i}`}
                />
                <span className="phase-editor__unit">min</span>
                <button
                  type="button"
                  className="icon-button phase-editor__remove"
                  aria-label={`Remove phase ${i + 1}`}
                  title="Remove this phase"
                  disabled={draft.length <= 1}
                  onClick={() => setDraft((rows) => removeRow(rows, row.key))}
                  data-testid={`interview-phase-remove-${i}`}
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
          {!parsed.ok && (
            <ul className="menu-error phase-editor__errors" role="alert">
              {parsed.errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          )}
          <div className="phase-editor__actions">
            <button
              type="button"
              className="button button--small button--ghost"
              disabled={draft.length >= MAX_PHASES}
              onClick={() => setDraft(addRow)}
              data-testid="interview-phase-add"
            >
              Add phase
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => setDraft(defaultDraft())}
              data-testid="interview-phases-reset"
            >
              Reset to defaults
            </button>
            <span className="phase-editor__spacer" />
            <button type="button" className="button button--small" onClick={() => close()}>
              Cancel
            </button>
            <button
              type="submit"
              className="button button--small button--primary"
              disabled={!parsed.ok}
              data-testid="interview-phases-save"
            >
              Save
            </button>
          </div>
        </form>
      )}
    </BarPopover>
  );
}

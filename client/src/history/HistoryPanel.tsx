import { useState, type FormEvent } from 'react';
import type { SnapshotInfo } from '@archboard/shared';
import type { HistoryState } from './useHistory';
import './history.css';

const KIND_LABEL: Record<SnapshotInfo['kind'], string> = {
  auto: 'Auto',
  named: 'Saved',
  restore: 'Before restore',
  phase: 'Phase',
  imported: 'Imported',
};

/** "5 min ago" for recent times, the date and time for older ones. */
export function when(at: number, now = Date.now()): string {
  const minutes = Math.round((now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.round(minutes / 60)} h ago`;
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

interface HistoryPanelProps {
  history: HistoryState;
  readOnly: boolean;
  onClose(): void;
}

/** The board's versions, newest first; open one to see it on the canvas, read-only. */
export function HistoryPanel({ history, readOnly, onClose }: HistoryPanelProps) {
  const [name, setName] = useState('');
  const { versions, error, busy, preview } = history;

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    void history.save(name.trim()).then(() => setName(''));
  };

  return (
    <aside className="side-panel history-panel" data-testid="history-panel" aria-label="Version history">
      <header className="side-panel__header">
        <h2>History</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close history">
          ×
        </button>
      </header>
      {!readOnly && (
        <form className="history-save" onSubmit={onSave}>
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Version name"
            title="Name this version, e.g. “Before sharding”"
            maxLength={100}
            data-testid="history-name"
            aria-label="Version name"
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || !name.trim()}
            data-testid="history-save"
          >
            Save version
          </button>
        </form>
      )}
      {error && (
        <p className="history-error" role="alert">
          {error}
        </p>
      )}
      <ol className="history-list" data-testid="history-list">
        {versions?.length === 0 && (
          <li className="history-empty">
            No versions yet. A version is kept every few minutes while people edit, and when everyone leaves.
          </li>
        )}
        {versions?.map((v) => (
          <li key={v.id}>
            <button
              type="button"
              className={`history-item${preview?.info.id === v.id ? ' is-active' : ''}`}
              onClick={() => void history.open(v)}
              disabled={busy}
              data-testid="history-item"
              data-version-id={v.id}
              data-kind={v.kind}
              title={new Date(v.createdAt).toLocaleString()}
            >
              <span className="history-item__top">
                <strong>{v.name}</strong>
                <span className={`chip history-kind history-kind--${v.kind}`}>{KIND_LABEL[v.kind]}</span>
              </span>
              <span className="history-item__meta">
                {when(v.createdAt)}
                {v.editors.length > 0 && ` · ${v.editors.join(', ')}`}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </aside>
  );
}

/** Above the canvas while a version is open: what is shown, Restore, and the way back. */
export function PreviewBanner({ history, readOnly }: { history: HistoryState; readOnly: boolean }) {
  const { preview, busy } = history;
  if (!preview) return null;
  return (
    <div className="preview-banner" role="status" data-testid="history-preview-banner">
      <span>
        Viewing <strong>{preview.info.name}</strong> from {when(preview.info.createdAt)} — read-only.
      </span>
      <span className="preview-banner__actions">
        {!readOnly && (
          <button
            type="button"
            className="button button--primary button--small"
            disabled={busy}
            onClick={() => void history.restore()}
            data-testid="history-restore"
          >
            Restore this version
          </button>
        )}
        <button
          type="button"
          className="button button--small"
          onClick={history.closePreview}
          data-testid="history-back"
        >
          Back to the live board
        </button>
      </span>
    </div>
  );
}

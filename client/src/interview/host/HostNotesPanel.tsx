import { useState } from 'react';
import type { BoardSession } from '../../sync/BoardSession';
import { useInterviewSession } from '../useInterview';
import { exportFeedback } from './exportFeedback';
import type { HostNotesSession } from './HostNotesSession';
import { NotesTab } from './NotesTab';
import { ScorecardTab } from './ScorecardTab';
import { useHostNotes } from './useHostNotesSession';
import './hostNotes.css';

type Tab = 'notes' | 'scorecard';

interface HostNotesPanelProps {
  session: BoardSession;
  notes: HostNotesSession;
  onClose(): void;
}

/**
 * The interviewer's private side panel: notes stamped with the time and phase, the
 * scorecard, and the feedback export. Rendered only on the host's page, from the host's
 * own document; nothing in it is written to the board.
 */
export function HostNotesPanel({ session, notes: host, onClose }: HostNotesPanelProps) {
  const [tab, setTab] = useState<Tab>('notes');
  const [exporting, setExporting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { notes, status } = useHostNotes(host);
  const interview = useInterviewSession(session);

  const onExport = async () => {
    setExporting(true);
    setFailure(null);
    try {
      // The live board as it is now (never a version from history).
      await exportFeedback(session, session.board.getSnapshot(), notes, interview);
    } catch (error) {
      setFailure(`The export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setExporting(false);
    }
  };

  return (
    <aside className="side-panel host-notes-panel" aria-label="Interviewer notes" data-testid="host-notes-panel">
      <header className="side-panel__header">
        <div>
          <h2>Interviewer notes</h2>
          <span className="host-notes__private">
            <LockIcon /> Private: the candidate never sees these
          </span>
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close interviewer notes">
          ×
        </button>
      </header>
      <div className="host-notes__tabs" role="tablist" aria-label="Notes or scorecard">
        {(['notes', 'scorecard'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'is-active' : undefined}
            data-testid={`host-notes-tab-${t}`}
            onClick={() => setTab(t)}
          >
            {t === 'notes' ? `Notes${notes.notes.length > 0 ? ` (${notes.notes.length})` : ''}` : 'Scorecard'}
          </button>
        ))}
      </div>
      {status === 'refused' && (
        <p className="host-notes__error" role="alert">
          The server refused this link the private notes.
        </p>
      )}
      {status === 'loading' ? (
        <p className="host-notes__body host-notes__empty">Loading your notes…</p>
      ) : tab === 'notes' ? (
        <NotesTab session={session} host={host} notes={notes.notes} interview={interview} />
      ) : (
        <ScorecardTab doc={host.doc} scorecard={notes.scorecard} />
      )}
      <footer className="host-notes__footer">
        {failure && (
          <p className="host-notes__error" role="alert">
            {failure}
          </p>
        )}
        <button
          type="button"
          className="button button--small"
          disabled={exporting}
          onClick={() => void onExport()}
          data-testid="export-feedback"
          title="Markdown: phases, scorecard, notes, the answers and the diagram"
        >
          {exporting ? 'Exporting…' : 'Export feedback'}
        </button>
      </footer>
    </aside>
  );
}

const LockIcon = () => (
  <svg width="11" height="11" viewBox="0 0 16 16" aria-hidden="true">
    <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
  </svg>
);

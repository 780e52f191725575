import type { Board } from '@archboard/shared';
import { ThemeToggle } from '../chrome/ThemeToggle';
import { NameDialog } from '../presence/NameDialog';
import { PresenceAvatars } from '../presence/PresenceAvatars';
import type { LocalUser } from '../presence/localUser';
import type { Person } from '../presence/PeersStore';
import { followLink } from '../router';
import type { BoardSession } from '../sync/BoardSession';
import { useConnection } from '../sync/useConnection';
import { useUndoRedo } from '../sync/useUndoRedo';
import { ConnectionStatus } from './ConnectionStatus';
import { useReview } from '../review/ReviewContext';
import type { ReviewStore } from '../review/ReviewStore';
import { ExportMenu } from './ExportMenu';
import { PanelToggle } from './PanelToggle';
import { ShareMenu } from './ShareMenu';
import type { ShareTokens } from './shareTokens';
import { TitleField } from './TitleField';
import { usePopover } from './usePopover';
import './toolbar.css';

interface BoardHeaderProps {
  session: BoardSession;
  title: string;
  /** The version from history on screen, if any: what exports export instead of the live board. */
  preview: Board | undefined;
  people: Person[];
  me: LocalUser;
  tokens: ShareTokens;
  questionsOpen: boolean;
  onToggleQuestions(): void;
  historyOpen: boolean;
  onToggleHistory(): void;
  review: ReviewStore;
  reviewOpen: boolean;
  onToggleReview(): void;
  /** A version from history (or a replay) is on screen: undo and import are off. */
  previewing: boolean;
  onShowShortcuts(): void;
  /** Whether the interviewer's notes are open; undefined where the page has none (not the host's). */
  hostNotesOpen?: boolean | undefined;
  onToggleHostNotes(): void;
}

const UndoIcon = ({ flip }: { flip?: boolean }) => (
  <svg
    width="18"
    height="18"
    viewBox="0 0 20 20"
    aria-hidden="true"
    style={flip ? { transform: 'scaleX(-1)' } : undefined}
  >
    <path
      d="M7.5 5 3.5 9l4 4"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
    <path d="M4 9h8a4.5 4.5 0 0 1 0 9h-2" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
  </svg>
);

/** The bar above the canvas: home, title, who is here, connection, undo/redo, share. */
export function BoardHeader({
  session,
  title,
  preview,
  people,
  me,
  tokens,
  questionsOpen,
  onToggleQuestions,
  historyOpen,
  onToggleHistory,
  review,
  reviewOpen,
  onToggleReview,
  previewing,
  onShowShortcuts,
  hostNotesOpen,
  onToggleHostNotes,
}: BoardHeaderProps) {
  const connection = useConnection(session);
  const { open: meOpen, setOpen: setMeOpen, root: meRoot } = usePopover<HTMLDivElement>();
  const { canUndo, canRedo, undo, redo } = useUndoRedo(session, !previewing);
  return (
    <header className="board-header">
      <a className="board-header__home" href="/" onClick={followLink} title="All boards">
        <img src="/favicon.svg" alt="Archboard" width={26} height={26} />
      </a>
      <TitleField session={session} title={title} />
      {session.readOnly && (
        <span
          className="view-only-badge"
          data-testid="view-only-badge"
          title="This link can watch the board but not change it"
        >
          View only
        </span>
      )}
      <div className="board-header__spacer" />
      <div className="me-menu" ref={meRoot}>
        <PresenceAvatars people={people} me={me} onEditMe={() => setMeOpen(!meOpen)} />
        {meOpen && <NameDialog user={me} variant="popover" onClose={() => setMeOpen(false)} />}
      </div>
      <ConnectionStatus state={connection.state} />
      {!session.readOnly && (
        <div className="button-group" role="group" aria-label="History">
          <button
            type="button"
            className="icon-button"
            onClick={undo}
            disabled={!canUndo}
            title="Undo (Ctrl+Z)"
            aria-label="Undo"
            data-testid="undo"
          >
            <UndoIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={redo}
            disabled={!canRedo}
            title="Redo (Ctrl+Shift+Z)"
            aria-label="Redo"
            data-testid="redo"
          >
            <UndoIcon flip />
          </button>
        </div>
      )}
      <PanelToggle open={questionsOpen} onToggle={onToggleQuestions} testId="toggle-questions" title="Design questions">
        <span className="board-header__wide">Design questions</span>
        <span className="board-header__narrow">Questions</span>
      </PanelToggle>
      <ReviewToggle review={review} open={reviewOpen} onToggle={onToggleReview} />
      <PanelToggle open={historyOpen} onToggle={onToggleHistory} testId="toggle-history">
        History
      </PanelToggle>
      {hostNotesOpen !== undefined && (
        // the interviewer's notes: on the host's page only (its caller decides)
        <PanelToggle
          open={hostNotesOpen}
          onToggle={onToggleHostNotes}
          testId="host-notes-toggle"
          title="Your private notes and scorecard"
        >
          <span className="board-header__wide">Private notes</span>
          <span className="board-header__narrow">Notes</span>
        </PanelToggle>
      )}
      <ExportMenu session={session} preview={preview} viewToken={tokens.view} canImport={!previewing} />
      <ShareMenu boardId={session.boardId} tokens={tokens} connection={session.connection} />
      <div className="board-header__tools">
        <button
          type="button"
          className="icon-button"
          onClick={onShowShortcuts}
          title="Keyboard shortcuts (?)"
          aria-label="Keyboard shortcuts"
          data-testid="shortcuts-button"
        >
          <svg width="18" height="18" viewBox="0 0 20 20" aria-hidden="true">
            <rect x="2" y="5" width="16" height="10.5" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path
              d="M5.5 8.5h1M9.5 8.5h1M13.5 8.5h1M6 12h8"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
              strokeLinecap="round"
            />
          </svg>
        </button>
        <ThemeToggle />
      </div>
    </header>
  );
}

/** Opens the design review; shows how many findings are open, coloured by the worst. */
function ReviewToggle({ review, open, onToggle }: { review: ReviewStore; open: boolean; onToggle(): void }) {
  const { open: findings } = useReview(review);
  const worst = findings.some((f) => f.severity === 'error')
    ? 'error'
    : findings.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'info';
  return (
    <PanelToggle open={open} onToggle={onToggle} testId="review-toggle">
      Review
      {findings.length > 0 && (
        <span className={`review-count review-count--${worst}`} aria-label={`${findings.length} open findings`}>
          {findings.length}
        </span>
      )}
    </PanelToggle>
  );
}

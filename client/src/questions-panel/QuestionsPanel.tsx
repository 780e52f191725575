import { DESIGN_QUESTIONS } from '@archboard/shared';
import type { BoardContent } from '../sync/boardContent';
import type { BoardSession } from '../sync/BoardSession';
import { AnswerField } from './AnswerField';
import './questionsPanel.css';

/**
 * The guide's design questions beside the diagram, each answered in a text area bound
 * to the board's `requirements` (a Y.Text per question: people typing in the same
 * answer merge character by character). While a version or a point of the replay is on
 * screen (`shown`), the panel shows that board's answers, read-only: what was answered
 * then, not what the live board says now.
 */
export function QuestionsPanel({
  session,
  board,
  shown,
  onClose,
}: {
  session: BoardSession;
  board: BoardContent;
  /** A board on screen instead of the live one (a version, a replay step). */
  shown?: BoardContent | undefined;
  onClose(): void;
}) {
  const answers = (shown ?? board).answers;
  const readOnly = session.readOnly || shown !== undefined;
  const answered = DESIGN_QUESTIONS.filter((q) => (answers[q.id] ?? '').trim().length > 0).length;
  return (
    <aside className="side-panel questions-panel" aria-label="Design questions" data-testid="questions-panel">
      <header className="questions-panel__head">
        <div>
          <h2>Design questions</h2>
          <span className="questions-panel__progress">
            {answered} of {DESIGN_QUESTIONS.length} answered{shown && ' on the board shown'}
          </span>
        </div>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label="Close design questions"
          title="Close"
        >
          ×
        </button>
      </header>
      <div className="questions-panel__meter" aria-hidden="true">
        <span style={{ width: `${(answered / DESIGN_QUESTIONS.length) * 100}%` }} />
      </div>
      <ol className="questions-panel__list">
        {DESIGN_QUESTIONS.map((question, index) => {
          const value = answers[question.id] ?? '';
          return (
            <li key={question.id} className={value.trim() ? 'is-answered' : undefined}>
              <label htmlFor={`answer-${question.id}`}>
                <span className="question-number">{index + 1}</span>
                {question.text}
              </label>
              <AnswerField
                session={session}
                question={question}
                value={value}
                readOnly={readOnly}
                placeholder={shown ? 'Not answered at this point' : undefined}
              />
              {question.hint && !readOnly && (
                <details className="question-hint">
                  <summary>Guide’s standard answer</summary>
                  <p>{question.hint}</p>
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </aside>
  );
}

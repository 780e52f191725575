import { useState } from 'react';
import { PROBLEM_MAX_LENGTH } from '@archboard/shared';
import { BarPopover } from './BarPopover';

/**
 * The host's "Set the problem" / "Problem…": what the candidate is asked to design, written
 * in a popover and shown to everyone under the bar (InterviewBar). Nothing is written until
 * Save; saving it empty takes it away.
 */
export function ProblemEditor({ problem, onSave }: { problem: string | undefined; onSave(text: string): void }) {
  const [draft, setDraft] = useState('');
  return (
    <BarPopover
      label={problem ? 'Problem…' : 'Set the problem'}
      testId="interview-edit-problem"
      onOpen={() => setDraft(problem ?? '')}
    >
      {(close) => (
        <form
          className="menu-popover phase-editor__popover problem-editor"
          aria-label="The problem"
          onSubmit={(event) => {
            event.preventDefault();
            onSave(draft);
            close();
          }}
        >
          <label className="problem-editor__label" htmlFor="interview-problem-text">
            <strong>The problem</strong>
            <span>Everyone on the board sees it under the bar.</span>
          </label>
          <textarea
            id="interview-problem-text"
            className="problem-editor__text"
            rows={5}
            maxLength={PROBLEM_MAX_LENGTH}
            placeholder="Design a URL shortener: 100 million new links a day, reads far more than writes…"
            value={draft}
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            data-testid="interview-problem-input"
          />
          <div className="phase-editor__actions">
            <span className="problem-editor__count">
              {draft.length} / {PROBLEM_MAX_LENGTH}
            </span>
            <span className="phase-editor__spacer" />
            <button type="button" className="button button--small" onClick={() => close()}>
              Cancel
            </button>
            <button type="submit" className="button button--small button--primary" data-testid="interview-problem-save">
              Save
            </button>
          </div>
        </form>
      )}
    </BarPopover>
  );
}

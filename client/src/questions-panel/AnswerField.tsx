import { setAnswer, type DesignQuestion } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';
import { useCaretKeeper } from '../useCaretKeeper';

/** One answer, bound to its Y.Text: every keystroke is merged with anyone else typing in it. */
export function AnswerField({
  session,
  question,
  value,
  readOnly,
  placeholder,
}: {
  session: BoardSession;
  question: DesignQuestion;
  value: string;
  /** A viewer's page, or another board than the live one on screen: nothing is written. */
  readOnly: boolean;
  /** Instead of the hint (or, read-only, "Not answered yet"). */
  placeholder?: string | undefined;
}) {
  const { ref, onSelect, onChange: keepCaret } = useCaretKeeper<HTMLTextAreaElement>(value);
  return (
    <textarea
      className="panel-textarea"
      id={`answer-${question.id}`}
      ref={ref}
      value={value}
      readOnly={readOnly}
      placeholder={placeholder ?? (readOnly ? 'Not answered yet' : (question.hint ?? 'Your answer…'))}
      data-testid={`answer-${question.id}`}
      onFocus={() => session.undoManager.stopCapturing()}
      onSelect={onSelect}
      onChange={(event) => {
        keepCaret();
        setAnswer(session.doc, question.id, event.target.value, session.origin);
      }}
    />
  );
}

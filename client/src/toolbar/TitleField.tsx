import { setTitle } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';

/** The board's title, edited in place; every keystroke goes to the doc's meta. */
export function TitleField({ session, title }: { session: BoardSession; title: string }) {
  if (session.readOnly) return <h1 className="title-field title-field--readonly">{title}</h1>;
  return (
    <input
      className="title-field"
      value={title}
      maxLength={200}
      aria-label="Board title"
      data-testid="board-title"
      spellCheck={false}
      onFocus={() => session.undoManager.stopCapturing()}
      onChange={(event) => setTitle(session.doc, event.target.value, session.origin)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'Escape') event.currentTarget.blur();
      }}
    />
  );
}

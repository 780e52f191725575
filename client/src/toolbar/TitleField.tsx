import { useState } from 'react';
import { setTitle } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';

/** The field's text while it is being edited. */
interface Draft {
  text: string;
  /** The title that text wrote: null when it is blank (nothing written). */
  wrote: string | null;
  /** The title the field had when the text was typed. */
  before: string;
}

/**
 * The board's title, edited in place; every keystroke that leaves a title goes to the
 * doc's meta (trimmed by `setTitle`). The field shows the text as typed, blanks included,
 * while it is being edited. A blank title is never written: on blur, Enter or Escape the
 * field goes back to the board's title, the last one written. A collaborator's rename
 * shows as soon as it arrives, unless the field is blank.
 */
export function TitleField({ session, title }: { session: BoardSession; title: string }) {
  const [draft, setDraft] = useState<Draft | null>(null);
  if (session.readOnly) {
    const shown = title.trim() || 'Untitled board';
    return (
      <h1 className="title-field title-field--readonly" title={shown}>
        {shown}
      </h1>
    );
  }
  // The draft stands while the title is the one it wrote, or still the one before it (this
  // render may run before the board store has passed the new title down); another title
  // is a collaborator's rename, which wins.
  const shown = draft && (draft.wrote === null || title === draft.wrote || title === draft.before) ? draft.text : title;
  return (
    <input
      className="title-field"
      value={shown}
      maxLength={200}
      placeholder="Untitled board"
      aria-label="Board title"
      data-testid="board-title"
      spellCheck={false}
      onFocus={() => session.undoManager.stopCapturing()}
      onChange={(event) => {
        const text = event.target.value;
        const written = setTitle(session.doc, text, session.origin);
        setDraft({ text, wrote: written.ok ? written.value : null, before: title });
      }}
      onBlur={() => setDraft(null)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'Escape') event.currentTarget.blur();
      }}
    />
  );
}

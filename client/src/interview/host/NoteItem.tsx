import { useRef, useState, type KeyboardEvent } from 'react';
import { editNote, noteTime, removeNote, whereInSession, type Note, type Session } from '@archboard/shared';
import type * as Y from 'yjs';

const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** One note: its time and phase, its text; editable in place (its time stays) and removable. */
export function NoteItem({ doc, note, interview }: { doc: Y.Doc; note: Note; interview: Session | undefined }) {
  const [editing, setEditing] = useState<string | null>(null);
  // Escape closes the editor without saving, whether or not the browser then sends it a blur.
  const cancelled = useRef(false);
  const startEditing = () => {
    cancelled.current = false;
    setEditing(note.text);
  };
  const where = whereInSession(interview, note.at);

  const save = () => {
    if (editing === null || cancelled.current) return;
    if (editing.trim() === '') removeNote(doc, note.id);
    else if (editing !== note.text) editNote(doc, note.id, editing.trim());
    setEditing(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      cancelled.current = true;
      setEditing(null);
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    }
  };

  return (
    <li className="host-note" data-testid="host-note" data-note-id={note.id} data-at={note.at}>
      <div className="host-note__meta">
        <time dateTime={new Date(note.at).toISOString()} title={new Date(note.at).toLocaleString()}>
          {noteTime(interview, note.at, TIME_ZONE)}
        </time>
        {where && <span className="chip host-note__phase">{where}</span>}
        <span className="host-note__actions">
          <button
            type="button"
            className="icon-button"
            aria-label="Edit note"
            title="Edit"
            data-testid="host-note-edit"
            onClick={startEditing}
          >
            <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
              <path
                d="M10.5 2.5l3 3L6 13H3v-3z"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.5"
                strokeLinejoin="round"
              />
            </svg>
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Remove note"
            title="Remove"
            data-testid="host-note-remove"
            onClick={() => removeNote(doc, note.id)}
          >
            ×
          </button>
        </span>
      </div>
      {editing === null ? (
        <p className="host-note__text" data-testid="host-note-text" onDoubleClick={startEditing}>
          {note.text}
        </p>
      ) : (
        <textarea
          className="panel-textarea host-note__editor"
          value={editing}
          maxLength={4000}
          aria-label="Edit note"
          data-testid="host-note-edit-input"
          autoFocus
          onChange={(event) => setEditing(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={save}
        />
      )}
    </li>
  );
}

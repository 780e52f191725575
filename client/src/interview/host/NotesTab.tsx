import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { addNote, randomId, type Note, type Session } from '@archboard/shared';
import type { BoardSession } from '../../sync/BoardSession';
import type { HostNotesSession } from './HostNotesSession';
import { NoteItem } from './NoteItem';
import { serverNow } from './serverClock';

/**
 * The private notes, oldest first, and the box to write the next one. A note is stamped
 * with the server's time when Enter is pressed: its place on the replay's timeline, and
 * (through the session's marks) the phase it was written in.
 */
export function NotesTab(props: {
  /** The board's session: its server clock stamps the notes. */
  session: BoardSession;
  host: HostNotesSession;
  notes: Note[];
  /** The board's interview session: its marks give each note its phase. */
  interview: Session | undefined;
}) {
  const { session, host, notes, interview } = props;
  const [text, setText] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const count = useRef(notes.length);

  useEffect(() => {
    // A note added (here or in another of the host's tabs) scrolls into view; an edit does not.
    if (notes.length > count.current) list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
    count.current = notes.length;
  }, [notes.length]);

  const add = async () => {
    const note = text.trim();
    if (!note) return;
    setText('');
    addNote(host.doc, { id: `note_${randomId(12)}`, at: await serverNow(session), text: note });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void add();
  };

  return (
    <>
      <ol className="host-notes__body host-notes__list" ref={list} data-testid="host-notes-list">
        {notes.length === 0 && (
          <li className="host-notes__empty">
            Notes you write here are yours alone: the candidate never sees them. Each is stamped with the time
            {interview ? ' and the phase' : ''}, to find the moment again in the replay.
          </li>
        )}
        {notes.map((note) => (
          <NoteItem key={note.id} doc={host.doc} note={note} interview={interview} />
        ))}
      </ol>
      <div className="host-notes__composer">
        <textarea
          className="panel-textarea"
          value={text}
          rows={2}
          maxLength={4000}
          placeholder="Write a note… (Enter adds it, Shift+Enter for a new line)"
          aria-label="New note"
          data-testid="host-note-input"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
    </>
  );
}

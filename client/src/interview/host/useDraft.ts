import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** Typing that pauses this long is written to the host document. */
export const DRAFT_DELAY_MS = 600;

/**
 * A text field over a plain value of the host document (a scorecard comment). Each write
 * replaces the whole value and is stored and synced as it is, so the field keeps what is
 * typed as a draft and writes it after a pause in typing, on blur and on unmount: not at
 * every keystroke. While the field holds a draft it shows the draft.
 */
export function useDraft(value: string, commit: (text: string) => void) {
  const [draft, setDraft] = useState<string | null>(null);
  const latestCommit = useRef(commit);
  useLayoutEffect(() => {
    latestCommit.current = commit;
  });
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const text = pending.current;
    pending.current = null;
    if (text !== null) latestCommit.current(text);
  }, []);
  useEffect(() => flush, [flush]);

  return {
    value: draft ?? value,
    onChange: (text: string) => {
      setDraft(text);
      pending.current = text;
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, DRAFT_DELAY_MS);
    },
    onBlur: () => {
      flush();
      setDraft(null);
    },
  };
}

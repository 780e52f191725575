import { useCallback, useLayoutEffect, useRef } from 'react';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * Where index `i` of `before` ends up in `after`, when the change between them is one
 * edited middle (common prefix and suffix kept): positions before the edit stay, those
 * after it shift by the length difference, those inside it go to its end.
 */
export function mapIndex(before: string, after: string, i: number): number {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  if (i <= prefix) return i;
  if (i >= before.length - suffix) return i + after.length - before.length;
  return after.length - suffix;
}

/**
 * Keeps the caret where the user left it when a collaborator's typing changes a
 * focused, controlled text field (React would otherwise move it to the end). Spread
 * the returned props onto the field, and call `onChange` from the field's own onChange.
 */
export function useCaretKeeper<T extends TextField>(value: string) {
  const ref = useRef<T>(null);
  const last = useRef({ value, start: value.length, end: value.length });
  const capture = useCallback(() => {
    const el = ref.current;
    if (el) last.current = { value: el.value, start: el.selectionStart ?? 0, end: el.selectionEnd ?? 0 };
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    const prev = last.current;
    if (el && document.activeElement === el && prev.value !== value) {
      el.setSelectionRange(mapIndex(prev.value, value, prev.start), mapIndex(prev.value, value, prev.end));
    }
    capture();
  }, [value, capture]);
  return { ref, onSelect: capture, onChange: capture };
}

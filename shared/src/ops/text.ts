import type * as Y from 'yjs';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Makes `text` read `next` by deleting and inserting only the changed middle, so two
 * people typing in the same label merge character by character instead of one
 * replacing the other. Call inside a transaction.
 */
export function replaceText(text: Y.Text, wanted: string): void {
  // A lone surrogate would reach other replicas as U+FFFD (Yjs encodes UTF-8) while this
  // one kept it, and the replicas' exports would differ: write what everyone will read.
  const next = wanted.replace(LONE_SURROGATE, '\uFFFD');
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const max = Math.min(current.length, next.length);
  while (start < max && current[start] === next[start]) start++;
  // Never cut between the two halves of a surrogate pair (emoji share high halves): Yjs
  // replaces a split pair's halves with U+FFFD.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < max - start && current[current.length - 1 - end] === next[next.length - 1 - end]) {
    end++;
  }
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted.length > 0) text.insert(start, inserted);
}

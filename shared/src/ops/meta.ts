import * as Y from 'yjs';
import { boardMaps, META_KEYS, SCHEMA_VERSION } from '../schema/docLayout';
import { replaceText } from './text';

/** Writes the board's meta once: a board opened again, or by two people, keeps its first. */
export function initBoard(doc: Y.Doc, title: string, createdAt = Date.now(), origin?: unknown): void {
  const { meta } = boardMaps(doc);
  if (meta.has(META_KEYS.schemaVersion)) return;
  doc.transact(() => {
    meta.set(META_KEYS.schemaVersion, SCHEMA_VERSION);
    meta.set(META_KEYS.title, title);
    meta.set(META_KEYS.createdAt, createdAt);
  }, origin);
}

export function setTitle(doc: Y.Doc, title: string, origin?: unknown): void {
  doc.transact(() => boardMaps(doc).meta.set(META_KEYS.title, title.slice(0, 200)), origin);
}

/** Sets the board's answer to one design question, merging concurrent typing. */
export function setAnswer(doc: Y.Doc, questionId: string, answer: string, origin?: unknown): void {
  const { requirements } = boardMaps(doc);
  doc.transact(() => {
    let text = requirements.get(questionId);
    if (!(text instanceof Y.Text)) {
      text = new Y.Text();
      requirements.set(questionId, text);
    }
    replaceText(text, answer);
  }, origin);
}

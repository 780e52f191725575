import * as Y from 'yjs';
import { DESIGN_QUESTIONS } from '../catalog/questions';
import { boardMaps, META_KEYS, SCHEMA_VERSION } from '../schema/docLayout';
import { err, ok, type Result } from './result';
import { replaceText } from './text';

/**
 * Writes the board's meta once: a board opened again, or by two people, keeps its first.
 * Also creates an empty answer text for every design question. Two Y.Texts created
 * concurrently under one key do not merge (one replaces the other, with what was typed in
 * it), so answers must exist before anyone types: call this where the board is created,
 * by one writer, not lazily in each client.
 */
export function initBoard(doc: Y.Doc, title: string, createdAt = Date.now(), origin?: unknown): void {
  const { meta, requirements } = boardMaps(doc);
  if (meta.has(META_KEYS.schemaVersion)) return;
  doc.transact(() => {
    meta.set(META_KEYS.schemaVersion, SCHEMA_VERSION);
    meta.set(META_KEYS.title, title);
    meta.set(META_KEYS.createdAt, createdAt);
    for (const { id } of DESIGN_QUESTIONS) {
      if (!(requirements.get(id) instanceof Y.Text)) requirements.set(id, new Y.Text());
    }
  }, origin);
}

/**
 * Brings a board written by an older version to `SCHEMA_VERSION`, on load, by an editor.
 * Version 1 to 2 only adds optional keys and a root, which readers treat as absent, so
 * the migration stamps the version: it is idempotent, and two clients migrating at once
 * write the same value under the same key, which converges. A board from a newer version
 * is left alone. Answers whether it wrote.
 */
export function migrateBoard(doc: Y.Doc, origin?: unknown): boolean {
  const { meta } = boardMaps(doc);
  const version = meta.get(META_KEYS.schemaVersion);
  if (typeof version !== 'number' || version >= SCHEMA_VERSION) return false;
  doc.transact(() => meta.set(META_KEYS.schemaVersion, SCHEMA_VERSION), origin);
  return true;
}

/** The longest title a board keeps, in UTF-16 code units. */
export const MAX_TITLE_LENGTH = 200;

/**
 * Renames the board (OP-11): the title is trimmed and cut to `MAX_TITLE_LENGTH`, and the
 * answer is the title written. A blank title is refused with `blank-title`: the board
 * keeps its title. A title equal to the current one changes nothing (an empty transaction).
 */
export function setTitle(doc: Y.Doc, title: string, origin?: unknown): Result<string> {
  let clean = title.trim().slice(0, MAX_TITLE_LENGTH);
  // the cut must not leave half an emoji (a lone high surrogate) or trailing blanks
  if (/[\uD800-\uDBFF]$/.test(clean)) clean = clean.slice(0, -1);
  clean = clean.trimEnd();
  if (clean === '') return err('blank-title');
  const { meta } = boardMaps(doc);
  doc.transact(() => {
    if (meta.get(META_KEYS.title) !== clean) meta.set(META_KEYS.title, clean);
  }, origin);
  return ok(clean);
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

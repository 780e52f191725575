import type * as Y from 'yjs';
import { catalogEntry } from '../catalog/catalog';
import type { ExportDoc } from '../export/format';
import { IMPORT_LIMITS } from '../export/format';
import { parseImport, type ImportError, type ImportResult } from '../export/parseImport';
import { toExportDoc } from '../export/toExportJson';
import { layoutNodes, unionBox } from '../geometry/nodeGeometry';
import { FIT_WIDTH_SHARE, SHAPE_TEXT, shapeHeightToFit } from '../geometry/shapeGeometry';
import { graphemes, textWidth } from '../geometry/text';
import { readBoard, type Board } from '../read/readBoard';
import type { EdgeId, NodeId } from '../schema/ids';
import { exportedNodes, writeImport } from './importBoard';
import { addNode } from './nodes';
import { err, ok, type Result } from './result';

/*
 * Copy and paste carry the export format (`format.ts`), so a paste is an import of a
 * small file: the same validator refuses a bad payload before anything is written, and
 * the same writer gives every node and edge a fresh id in one transaction.
 */

/** How far a paste without a pointer (or a duplicate) lands from the original, right and down. */
export const PASTE_OFFSET = { x: 24, y: 24 } as const;

/** The key that marks clipboard text as ours: `{"archboard-clipboard":1, ...ExportDoc}`. */
export const CLIPBOARD_MARKER = 'archboard-clipboard';
export const CLIPBOARD_VERSION = 1;

/** The most cascade steps a paste looks through for a free spot. */
const MAX_CASCADE = 1000;

/** What a paste made: the new nodes (parents first) and edges. */
export interface Pasted {
  nodes: NodeId[];
  edges: EdgeId[];
}

/** A paste either writes the whole payload or, refused with the import's error, nothing. */
export type PasteResult = { ok: true; value: Pasted } | { ok: false; error: ImportError };

/**
 * The selected nodes, everything nested in them, and the edges whose both ends are in
 * that set, as an export document. A copied node whose parent is not copied comes out on
 * its own with its absolute position, so a paste puts it where it was seen. No title and
 * no answers. Deterministic: the same board and selection give the same document.
 */
export function copySelection(board: Board, ids: readonly NodeId[]): ExportDoc {
  const chosen = new Set<NodeId>();
  const wanted = new Set(ids);
  // readBoard lists parents first, so one pass takes in every descendant.
  for (const node of board.nodes) {
    if (wanted.has(node.id) || (node.parent !== undefined && chosen.has(node.parent))) chosen.add(node.id);
  }
  const layouts = layoutNodes(board);
  const nodes = board.nodes
    .filter((n) => chosen.has(n.id))
    .map((n) => {
      if (n.parent !== undefined && chosen.has(n.parent)) return n;
      const { x, y } = layouts.get(n.id)!.box;
      const top = { ...n, x, y };
      delete top.parent;
      return top;
    });
  const edges = board.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target));
  return toExportDoc({ ...board, title: '', nodes, edges, answers: {} });
}

const refuse = (code: ImportError['code'], message: string): { ok: false; error: ImportError } => ({
  ok: false,
  error: { code, message, problems: [message] },
});

/**
 * Pastes a copied selection with fresh ids, in one transaction. The group's top-left
 * corner lands on `at` (the pointer). Without `at` it lands `PASTE_OFFSET` right and
 * down from where it was copied, and further along that diagonal while an identical copy
 * already sits there, so repeated pastes and duplicates cascade instead of hiding each
 * other. The payload is checked as an import is (`parseImport`): a bad one is refused
 * with its error and nothing is written. Answers and title in the payload are ignored.
 */
export function pasteClipboard(
  doc: Y.Doc,
  data: ExportDoc,
  at: { x: number; y: number } | undefined,
  origin?: unknown,
): PasteResult {
  if (at && !(Number.isFinite(at.x) && Number.isFinite(at.y)))
    return refuse('invalid', 'the paste position is not a finite number');
  const checked = validate(data);
  if (!checked.ok) return checked;
  const payload = { ...checked.value, title: '', answers: {} };
  const incoming = [...layoutNodes({ nodes: exportedNodes(payload) }).values()];
  const corner = unionBox(incoming.map((l) => l.box));
  if (!corner) return { ok: true, value: { nodes: [], edges: [] } };
  let offset = at ? { x: at.x - corner.x, y: at.y - corner.y } : { ...PASTE_OFFSET };
  if (!at) {
    const taken = new Set([...layoutNodes(readBoard(doc)).values()].map((l) => boxKey(l.node.kind, l.box)));
    const covers = (dx: number, dy: number) =>
      incoming.some((l) => taken.has(boxKey(l.node.kind, { ...l.box, x: l.box.x + dx, y: l.box.y + dy })));
    for (let step = 1; step < MAX_CASCADE && covers(offset.x, offset.y); step++)
      offset = { x: PASTE_OFFSET.x * (step + 1), y: PASTE_OFFSET.y * (step + 1) };
  }
  return { ok: true, value: writeImport(doc, payload, { freshIds: true, offset }, origin) };
}

/** Two boxes of one kind that would be drawn on the same spot (to the hundredth of a pixel). */
function boxKey(kind: string, box: { x: number; y: number; w: number; h: number }): string {
  return [kind, box.x, box.y, box.w, box.h].map((v) => (typeof v === 'number' ? Math.round(v * 100) : v)).join(',');
}

/**
 * The payload as `parseImport` sees it. A document that did not come from
 * `parseClipboard` may be anything at run time: one that cannot be written as JSON
 * (a cycle, a BigInt, nesting too deep for the stack) is refused with the reason.
 */
function validate(data: ExportDoc): ImportResult {
  let text: string;
  try {
    text = JSON.stringify(data);
  } catch (e) {
    return refuse('invalid', `the pasted data cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof text !== 'string') return refuse('not-archboard', 'the pasted data is not an Archboard selection');
  return parseImport(text);
}

/**
 * Copies the selection and pastes it `PASTE_OFFSET` away (further along the diagonal if
 * an earlier duplicate is there), in one transaction.
 */
export function duplicateSelection(doc: Y.Doc, ids: readonly NodeId[], origin?: unknown): PasteResult {
  return pasteClipboard(doc, copySelection(readBoard(doc), ids), undefined, origin);
}

/** The text to put on the system clipboard: the export document, marked as ours. */
export function serializeClipboard(data: ExportDoc): string {
  return JSON.stringify({ [CLIPBOARD_MARKER]: CLIPBOARD_VERSION, ...data });
}

// The marker must come first, as serializeClipboard writes it: then the rest is an export
// file once the marker is cut out, and untrusted text is parsed once, by parseImport.
const MARKED = new RegExp(`^\\s*\\{\\s*"${CLIPBOARD_MARKER}"\\s*:\\s*${CLIPBOARD_VERSION}\\s*,`);

/**
 * Reads clipboard text. Never throws. Text that is not ours (plain text, other JSON,
 * another app's data, even an Archboard export file) is refused as `not-archboard`;
 * ours is then checked exactly as an import is, and refused with that error if bad.
 */
export function parseClipboard(text: string): ImportResult {
  if (typeof text !== 'string') return refuse('not-archboard', 'the clipboard does not hold Archboard content');
  // Characters never outnumber UTF-8 bytes: over the limit in characters is over it in bytes.
  if (text.length > IMPORT_LIMITS.maxBytes)
    return refuse('too-large', `the clipboard holds more than ${IMPORT_LIMITS.maxBytes / 1048576} MB`);
  const marked = MARKED.exec(text);
  if (!marked) return refuse('not-archboard', 'the clipboard does not hold Archboard content');
  return parseImport(`{${text.slice(marked[0].length)}`);
}

/** The longest text a paste turns into a label; what is past it is cut, with an ellipsis. */
export const PASTED_TEXT_MAX = 2000;
/** The widest a text label with text starts (it wraps inside); the narrowest. */
const TEXT_LABEL_WIDTH = { min: 80, max: 400 } as const;
const GRID = 8;

/**
 * Plain text pasted onto the board (not an Archboard copy: a sentence, a list from a chat)
 * becomes a free text label centred on `at` (see `addTextLabel`). Leading and trailing
 * blank space is dropped; blank text adds nothing. One transaction; the new label's id.
 */
export function pasteTextLabel(
  doc: Y.Doc,
  text: string,
  at: { x: number; y: number },
  origin?: unknown,
): Result<NodeId | undefined> {
  let label = text.replace(/\r\n?/g, '\n').trim();
  if (label === '') return Number.isFinite(at.x) && Number.isFinite(at.y) ? ok(undefined) : err('invalid-value');
  if (graphemes(label).length > PASTED_TEXT_MAX)
    label = `${graphemes(label).slice(0, PASTED_TEXT_MAX).join('').trimEnd()}…`;
  return addTextLabel(doc, label, at, undefined, origin);
}

/**
 * A free text label centred on `at` (diagram coordinates), inside `parent` when given: as
 * wide as its longest line between 80 and 400 px (the catalogue's width when empty) and
 * tall enough for all of it (see `addNode`). One transaction; the new label's id.
 */
export function addTextLabel(
  doc: Y.Doc,
  label: string,
  at: { x: number; y: number },
  parent?: NodeId,
  origin?: unknown,
): Result<NodeId> {
  if (!(Number.isFinite(at.x) && Number.isFinite(at.y))) return err('invalid-value');
  const size = catalogEntry('shape.text')?.size ?? { w: 160, h: 40 };
  const { fontSize, padX } = SHAPE_TEXT;
  const widest = Math.max(0, ...label.split('\n').map((line) => textWidth(line, fontSize, 400)));
  const w =
    label === ''
      ? size.w
      : Math.min(
          TEXT_LABEL_WIDTH.max,
          Math.max(TEXT_LABEL_WIDTH.min, Math.ceil((widest / FIT_WIDTH_SHARE + 2 * padX) / GRID) * GRID),
        );
  const h = shapeHeightToFit(label, 'none', w, size.h);
  // A child's position is relative to its container's corner.
  const base = parent ? layoutNodes(readBoard(doc)).get(parent)?.box : undefined;
  const x = Math.round(at.x - (base?.x ?? 0) - w / 2);
  const y = Math.round(at.y - (base?.y ?? 0) - h / 2);
  return addNode(doc, { kind: 'shape.text', x, y, w, h, label, ...(parent ? { parent } : {}) }, origin);
}

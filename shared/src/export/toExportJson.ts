import { DESIGN_QUESTIONS } from '../catalog/questions';
import type { Board } from '../read/readBoard';
import { EDGE_PROP_NAMES } from '../schema/edgeRecord';
import { NODE_PROP_NAMES } from '../schema/nodeRecord';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, type ExportDoc, type ExportEdge, type ExportNode } from './format';

/** The set entries of `props` in the schema's order, so exports are the same bytes anywhere. */
function inOrder<T extends object>(props: T, names: readonly (keyof T)[]): T {
  const out = {} as T;
  for (const name of names) if (props[name] !== undefined) out[name] = props[name];
  return out;
}

const QUESTION_ORDER = new Map(DESIGN_QUESTIONS.map((q, i) => [q.id, i]));

/**
 * The board as an export document. Deterministic: records come in `readBoard`'s order
 * (parents first, then by z and id) and edges by id, every object's keys in one fixed
 * order, answers in the guide's question order with empty ones left out. So two exports
 * of the same board are the same bytes, on any replica.
 */
export function toExportDoc(board: Board): ExportDoc {
  const nodes = board.nodes.map((n): ExportNode => ({
    id: n.id,
    kind: n.kind,
    x: n.x,
    y: n.y,
    ...(n.w !== undefined ? { w: n.w } : {}),
    ...(n.h !== undefined ? { h: n.h } : {}),
    ...(n.parent !== undefined ? { parent: n.parent } : {}),
    label: n.label,
    notes: n.notes ?? '',
    z: n.z,
    ...(n.props ? { props: inOrder(n.props, NODE_PROP_NAMES) } : {}),
  }));
  const edges = [...board.edges]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e): ExportEdge => ({
      id: e.id,
      source: e.source,
      target: e.target,
      ...(e.sourceHandle !== undefined ? { sourceHandle: e.sourceHandle } : {}),
      ...(e.targetHandle !== undefined ? { targetHandle: e.targetHandle } : {}),
      style: e.style,
      ...(e.twoWay ? { twoWay: true as const } : {}),
      label: e.label,
      ...(e.props ? { props: inOrder(e.props, EDGE_PROP_NAMES) } : {}),
    }));
  const answerIds = Object.keys(board.answers)
    .filter((q) => board.answers[q] !== '')
    .sort((a, b) => (QUESTION_ORDER.get(a) ?? Infinity) - (QUESTION_ORDER.get(b) ?? Infinity) || (a < b ? -1 : 1));
  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    title: board.title,
    nodes,
    edges,
    answers: Object.fromEntries(answerIds.map((q) => [q, board.answers[q]!])),
  };
}

/** The export document as text: two-space JSON with a final newline. */
export function serializeExport(doc: ExportDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** `readBoard` output straight to the export file's text. */
export const toExportJson = (board: Board): string => serializeExport(toExportDoc(board));

import * as Y from 'yjs';
import type { ExportDoc } from '../export/format';
import { layoutNodes, unionBox } from '../geometry/nodeGeometry';
import { readBoard, type Board } from '../read/readBoard';
import { newEdgeId, newNodeId, type EdgeId, type NodeId } from '../schema/ids';
import type { BoardNode } from '../schema/nodeRecord';
import { fitContainers } from './containment';
import { connect } from './edges';
import { boardMaps } from '../schema/docLayout';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { initBoard, setAnswer, setTitle } from './meta';
import { addNode, setNodeNotes } from './nodes';

/** Gap between what a board holds and a diagram imported beside it. */
const IMPORT_GAP = 120;

/** The file's nodes as board nodes, parents before children (a file may list them in any order). */
export function exportedNodes(data: ExportDoc): BoardNode[] {
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const depth = (id: string): number => {
    let d = 0;
    for (let at = byId.get(id)?.parent; at !== undefined && d <= byId.size; at = byId.get(at)?.parent) d++;
    return d;
  };
  return data.nodes
    .map((n) => ({ n, d: depth(n.id) }))
    .sort((a, b) => a.d - b.d)
    .map(({ n }) => ({ ...n, id: n.id as NodeId, parent: n.parent as NodeId | undefined }))
    .map((n) => (n.parent === undefined ? (delete n.parent, n) : n));
}

/**
 * Where to put an imported diagram so that it lands beside what the board already
 * holds: its top-left corner moves to just right of the board's content, level with its
 * top. On an empty board it stays where the file put it.
 */
export function importOffset(current: Pick<Board, 'nodes'>, data: ExportDoc): { x: number; y: number } {
  const here = unionBox([...layoutNodes(current).values()].map((l) => l.box));
  const incoming = unionBox([...layoutNodes({ nodes: exportedNodes(data) }).values()].map((l) => l.box));
  if (!here || !incoming) return { x: 0, y: 0 };
  return { x: here.x + here.w + IMPORT_GAP - incoming.x, y: here.y - incoming.y };
}

export interface WriteImportOptions {
  /** New ids for every node and edge (importing into a board that has content), or the file's own. */
  freshIds: boolean;
  /** Added to the position of every top-level node. */
  offset?: { x: number; y: number };
  /** Replace the board's title with the file's. */
  setTitle?: boolean;
}

/**
 * The most one transaction of an import writes, estimated: half of the largest update the
 * server takes from a client (`DEFAULT_LIMITS.maxUpdateBytes`). A bigger transaction would go
 * out as one update the server refuses (4413), and again as the tab's sync step 2 after every
 * reconnect, so the tab would never sync again.
 */
export const IMPORT_CHUNK_BYTES = DEFAULT_LIMITS.maxUpdateBytes / 2;

/** About what a record adds to an update: its text in UTF-8, plus its keys and numbers. */
const RECORD_OVERHEAD_BYTES = 200;
const utf8 = new TextEncoder();
const textBytes = (...texts: (string | undefined)[]) =>
  texts.reduce((sum, text) => sum + (text ? utf8.encode(text).byteLength : 0), RECORD_OVERHEAD_BYTES);

/**
 * Writes a parsed export (see `parseImport`) into a board: in one transaction, or, for a file
 * whose writes would pass IMPORT_CHUNK_BYTES, in several back to back, each under it. Either
 * way an UndoManager takes it back in one step (its transactions follow each other at once)
 * and collaborators receive it within the same moment. Answers the board already has are
 * kept, and the file's text is appended below them.
 */
export function writeImport(
  doc: Y.Doc,
  data: ExportDoc,
  options: WriteImportOptions,
  origin?: unknown,
): { nodes: NodeId[]; edges: EdgeId[] } {
  const nodeIds = new Map<string, NodeId>();
  const edgeIds: EdgeId[] = [];
  const idFor = (id: string) => nodeIds.get(id) ?? (id as NodeId);
  const offset = options.offset ?? { x: 0, y: 0 };
  /** The writes in order (parents before children, nodes before edges), each with its weight. */
  const writes: { bytes: number; write(): void }[] = [];
  for (const node of exportedNodes(data)) {
    const id = options.freshIds ? newNodeId() : node.id;
    nodeIds.set(node.id, id);
    const top = node.parent === undefined;
    writes.push({
      bytes: textBytes(node.label, node.notes, node.props && JSON.stringify(node.props)),
      write: () => {
        addNode(doc, {
          id,
          kind: node.kind,
          x: node.x + (top ? offset.x : 0),
          y: node.y + (top ? offset.y : 0),
          label: node.label,
          z: node.z,
          ...(node.w !== undefined ? { w: node.w } : {}),
          ...(node.h !== undefined ? { h: node.h } : {}),
          ...(node.parent !== undefined ? { parent: idFor(node.parent) } : {}),
          ...(node.props ? { props: node.props } : {}),
        });
        if (node.notes) setNodeNotes(doc, id, node.notes);
      },
    });
  }
  for (const edge of data.edges) {
    writes.push({
      bytes: textBytes(edge.label, edge.props && JSON.stringify(edge.props)),
      write: () => {
        const made = connect(doc, {
          id: options.freshIds ? newEdgeId() : (edge.id as EdgeId),
          source: idFor(edge.source),
          target: idFor(edge.target),
          sourceHandle: edge.sourceHandle ?? null,
          targetHandle: edge.targetHandle ?? null,
          style: edge.style,
          twoWay: edge.twoWay ?? false,
          label: edge.label,
          ...(edge.props ? { props: edge.props } : {}),
        });
        if (made.ok) edgeIds.push(made.value);
      },
    });
  }
  writes.push({
    bytes: textBytes(options.setTitle ? data.title : '', ...Object.values(data.answers)),
    write: () => {
      const { requirements } = boardMaps(doc);
      for (const [question, answer] of Object.entries(data.answers)) {
        const existing = requirements.get(question)?.toString() ?? '';
        setAnswer(doc, question, existing === '' || existing === answer ? answer : `${existing}\n\n${answer}`);
      }
      if (options.setTitle) setTitle(doc, data.title); // trimmed; a blank title keeps the board's
      // Only a file that nests nodes can have put one outside its container.
      const parents = data.nodes.flatMap((n) => (n.parent === undefined ? [] : [idFor(n.parent)]));
      if (parents.length > 0) fitContainers(doc, parents, origin);
    },
  });
  let batch: typeof writes = [];
  let bytes = 0;
  const flush = () => {
    const now = batch;
    if (now.length > 0) doc.transact(() => now.forEach((w) => w.write()), origin);
    [batch, bytes] = [[], 0];
  };
  for (const write of writes) {
    if (bytes + write.bytes > IMPORT_CHUNK_BYTES) flush();
    batch.push(write);
    bytes += write.bytes;
  }
  flush();
  return { nodes: [...nodeIds.values()], edges: edgeIds };
}

/** A parsed export as a board, the way `readBoard` would read it after an import. */
export function boardFromExport(data: ExportDoc): Board {
  const doc = new Y.Doc();
  try {
    initBoard(doc, data.title, 0);
    writeImport(doc, data, { freshIds: false, setTitle: true });
    return readBoard(doc);
  } finally {
    doc.destroy();
  }
}

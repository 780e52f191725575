import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { parseImport } from '../export/parseImport';
import { toExportDoc, toExportJson } from '../export/toExportJson';
import type { ExportDoc } from '../export/format';
import { layoutNodes, unionBox } from '../geometry/nodeGeometry';
import { readBoard } from '../read/readBoard';
import { boardMaps } from '../schema/docLayout';
import type { EdgeId, NodeId } from '../schema/ids';
import { countTransactions } from '../testing/network';
import { connect, setEdgeTwoWay } from './edges';
import { exportedNodes, importOffset, writeImport } from './importBoard';
import { initBoard, setAnswer } from './meta';
import { addNode, setNodeNotes, type NewNode } from './nodes';
import { value } from '../testing/results';
import { exportNode } from '../testing/exportFixtures';
import { DEFAULT_LIMITS } from '../protocol/messages';

/*
 * EXP-3: a file imported into a board that already has content lands beside it, under
 * new ids, as one transaction: one undo step that takes away the import and nothing else.
 */

const ORIGIN = { source: 'client', connectionId: 'import-test' };
const nid = (id: string) => id as NodeId;
const eid = (id: string) => id as EdgeId;

const add = (doc: Y.Doc, input: NewNode) => value(addNode(doc, input));

/** A board with nested containers, a note, edges of two styles and an answer. */
function existingBoard(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, 'Existing', 0);
  add(doc, { id: nid('vpc'), kind: 'group.vpc', x: -200, y: 100 });
  add(doc, { id: nid('sub'), kind: 'group.public-subnet', x: 20, y: 40, parent: nid('vpc') });
  add(doc, { id: nid('alb'), kind: 'aws.elb', x: 30, y: 30, parent: nid('sub'), label: 'ALB' });
  add(doc, { id: nid('fn'), kind: 'aws.lambda', x: 700, y: 50, label: 'Worker' });
  add(doc, { id: nid('memo'), kind: 'note', x: 300, y: 700, w: 240, h: 160, label: 'far below' });
  value(connect(doc, { id: eid('e1'), source: nid('alb'), target: nid('fn'), label: 'HTTP' }));
  value(connect(doc, { id: eid('e2'), source: nid('fn'), target: nid('vpc'), style: 'async' }));
  value(setEdgeTwoWay(doc, eid('e2'), true));
  value(setNodeNotes(doc, nid('fn'), 'retries twice'));
  setAnswer(doc, 'q1', 'Consistency');
  return doc;
}

/** The file: by construction it reuses every id of the board above, so only fresh ids can keep both. */
function incomingFile(): ExportDoc {
  const parsed = parseImport(toExportJson(readBoard(existingBoard())));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { ...parsed.value, title: 'Incoming', answers: { q1: 'Availability', q5: '10k rps' } };
}

/** Top-level nodes' absolute boxes, by id. */
function boxes(doc: Y.Doc) {
  return layoutNodes(readBoard(doc));
}

describe('EXP-3 import beside existing content', () => {
  test('EXP-3 with fresh ids and importOffset both sets are there, no id collides, edges follow the new ids', () => {
    const doc = existingBoard();
    const before = readBoard(doc);
    const data = incomingFile();
    const offset = importOffset(before, data);

    const counted = countTransactions(doc, () => writeImport(doc, data, { freshIds: true, offset }, ORIGIN));
    expect(counted.transactions).toBe(1);
    expect(counted.updates).toBe(1);
    expect(counted.origins).toEqual([ORIGIN]);
    const made = counted.result;

    const after = readBoard(doc);
    expect(after.problems).toEqual([]);
    expect(after.nodes).toHaveLength(before.nodes.length + data.nodes.length);
    expect(after.edges).toHaveLength(before.edges.length + data.edges.length);
    const oldIds = new Set<string>([...before.nodes.map((n) => n.id), ...before.edges.map((e) => e.id)]);
    expect(made.nodes).toHaveLength(data.nodes.length);
    expect(made.edges).toHaveLength(data.edges.length);
    for (const id of [...made.nodes, ...made.edges]) expect(oldIds.has(id)).toBe(false);
    expect(new Set([...made.nodes, ...made.edges]).size).toBe(made.nodes.length + made.edges.length);

    // What was there is untouched.
    const kept = toExportDoc({
      ...after,
      nodes: after.nodes.filter((n) => oldIds.has(n.id)),
      edges: after.edges.filter((e) => oldIds.has(e.id)),
    });
    const original = toExportDoc(before);
    expect(kept.nodes).toEqual(original.nodes);
    expect(kept.edges).toEqual(original.edges);
    expect(after.title).toBe('Existing'); // setTitle not asked for

    // Every imported edge joins imported nodes, and mirrors the file's edge between the same nodes.
    const newNodes = new Set<string>(made.nodes);
    const fileIdOf = new Map<string, string>();
    exportedNodes(data).forEach((n, i) => fileIdOf.set(made.nodes[i]!, n.id));
    const importedEdges = after.edges.filter((e) => !oldIds.has(e.id));
    for (const edge of importedEdges) {
      expect(newNodes.has(edge.source)).toBe(true);
      expect(newNodes.has(edge.target)).toBe(true);
    }
    const asFile = importedEdges
      .map((e) => ({
        source: fileIdOf.get(e.source),
        target: fileIdOf.get(e.target),
        style: e.style,
        twoWay: e.twoWay,
        label: e.label,
      }))
      .sort((a, b) => (a.label < b.label ? -1 : 1));
    const fileEdges = data.edges
      .map((e) => ({ source: e.source, target: e.target, style: e.style, twoWay: e.twoWay, label: e.label }))
      .sort((a, b) => (a.label < b.label ? -1 : 1));
    expect(asFile).toEqual(fileEdges);
    // Nesting follows the new ids too.
    for (const node of after.nodes.filter((n) => newNodes.has(n.id) && n.parent !== undefined))
      expect(newNodes.has(node.parent!)).toBe(true);

    // Answers the board had are kept; the file's are added below them.
    expect(after.answers.q1).toBe('Consistency\n\nAvailability');
    expect(after.answers.q5).toBe('10k rps');
  });

  test('EXP-3 the imported set lies entirely right of the existing content, level with its top', () => {
    const doc = existingBoard();
    const before = readBoard(doc);
    const existing = unionBox([...layoutNodes(before).values()].map((l) => l.box))!;
    const data = incomingFile();
    const made = writeImport(doc, data, { freshIds: true, offset: importOffset(before, data) });
    const layout = boxes(doc);
    const imported = made.nodes.map((id) => layout.get(id)!.box);
    const incoming = unionBox(imported)!;
    expect(incoming.x).toBeGreaterThan(existing.x + existing.w);
    for (const box of imported) expect(box.x).toBeGreaterThan(existing.x + existing.w);
    expect(incoming.y).toBe(existing.y);
    // The diagram keeps its own shape: only top-level nodes moved, and all by the same amount.
    const original = unionBox([...layoutNodes({ nodes: exportedNodes(data) }).values()].map((l) => l.box))!;
    expect(incoming.w).toBe(original.w);
    expect(incoming.h).toBe(original.h);
  });

  test('EXP-3 importOffset is zero on an empty board', () => {
    expect(importOffset({ nodes: [] }, incomingFile())).toEqual({ x: 0, y: 0 });
  });

  test('EXP-3 one undo removes the whole import and nothing else', () => {
    const doc = existingBoard();
    const { meta, nodes, edges, requirements } = boardMaps(doc);
    const undo = new Y.UndoManager([meta, nodes, edges, requirements], { trackedOrigins: new Set([ORIGIN]) });
    const before = toExportJson(readBoard(doc));
    const data = incomingFile();
    writeImport(doc, data, { freshIds: true, offset: importOffset(readBoard(doc), data), setTitle: true }, ORIGIN);
    expect(readBoard(doc).title).toBe('Incoming');
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(undo.undoStack).toHaveLength(0);
    const after = readBoard(doc);
    expect(after.problems).toEqual([]);
    expect(toExportJson(after)).toBe(before);
    undo.redo();
    expect(readBoard(doc).nodes).toHaveLength(2 * data.nodes.length);
  });

  test('EXP-3 a file too big for one update goes out as several the server takes, still one undo step', () => {
    // 24 services with 60,000 characters of notes each (about 1.4 MB) and a chain of edges.
    const data: ExportDoc = {
      ...incomingFile(),
      nodes: Array.from({ length: 24 }, (_, i) =>
        exportNode(`big${i}`, 'generic.service', i * 200, 0, {
          label: `Service ${i}`,
          notes: `${i}:`.padEnd(60_000, 'é'),
        }),
      ),
      edges: Array.from({ length: 23 }, (_, i) => ({
        id: `chain${i}`,
        source: `big${i}`,
        target: `big${i + 1}`,
        style: 'sync' as const,
        label: `call ${i}`,
      })),
    };
    const doc = existingBoard();
    const { meta, nodes, edges, requirements } = boardMaps(doc);
    const undo = new Y.UndoManager([meta, nodes, edges, requirements], { trackedOrigins: new Set([ORIGIN]) });
    const before = toExportJson(readBoard(doc));
    const sizes: number[] = [];
    doc.on('update', (update: Uint8Array) => sizes.push(update.byteLength));
    writeImport(doc, data, { freshIds: true, offset: importOffset(readBoard(doc), data) }, ORIGIN);
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxUpdateBytes);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(DEFAULT_LIMITS.maxUpdateBytes * 2);
    // All of it, as one transaction would have written it (a replica that got every update agrees).
    const board = readBoard(doc);
    expect(board.problems).toEqual([]);
    expect(board.nodes.filter((n) => n.notes?.length === 60_000)).toHaveLength(24);
    expect(board.edges.filter((e) => e.label.startsWith('call '))).toHaveLength(23);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(toExportJson(readBoard(replica))).toBe(toExportJson(board));
    // One undo takes all of it back.
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(toExportJson(readBoard(doc))).toBe(before);
  });

  test('EXP-3 without fresh ids the file keeps its own ids (importing into a new board)', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'new');
    const data = incomingFile();
    const made = writeImport(doc, data, { freshIds: false });
    expect([...made.nodes].sort()).toEqual(data.nodes.map((n) => n.id).sort());
    expect([...made.edges].sort()).toEqual(data.edges.map((e) => e.id).sort());
  });

  test('EXP-3 exportedNodes puts parents before children whatever order the file lists them in', () => {
    const data = incomingFile();
    const reversed = { ...data, nodes: [...data.nodes].reverse() };
    const order = exportedNodes(reversed).map((n) => n.id);
    const position = new Map<string, number>(order.map((id, i) => [id, i]));
    for (const node of reversed.nodes)
      if (node.parent !== undefined) expect(position.get(node.parent)!).toBeLessThan(position.get(node.id)!);
    const doc = new Y.Doc();
    initBoard(doc, 'x');
    writeImport(doc, reversed, { freshIds: true });
    expect(readBoard(doc).problems).toEqual([]);
    expect(readBoard(doc).nodes).toHaveLength(data.nodes.length);
  });
});

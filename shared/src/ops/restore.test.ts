import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { toExportJson } from '../export/toExportJson';
import { readBoard, type Board } from '../read/readBoard';
import { boardMaps } from '../schema/docLayout';
import type { EdgeId, NodeId } from '../schema/ids';
import { countTransactions, syncPair } from '../testing/network';
import { connect, removeEdges, renameEdge, setEdgeStyle, setEdgeTwoWay } from './edges';
import { initBoard, setAnswer, setTitle } from './meta';
import {
  addNode,
  moveNodes,
  removeNodes,
  renameNode,
  reparentNode,
  resizeNode,
  setNodeNotes,
  type NewNode,
} from './nodes';
import { restoreBoard } from './restore';
import { value } from '../testing/results';

/*
 * EXP-6: restoring a version from history is an ordinary edit. The doc then reads as the
 * version; one undo takes the restore back; edits others make meanwhile to records the
 * restore leaves alone survive the merge; restoring what is already there writes nothing.
 */

const ORIGIN = { source: 'client', connectionId: 'restore-test' };
const nid = (id: string) => id as NodeId;
const eid = (id: string) => id as EdgeId;

const add = (doc: Y.Doc, input: NewNode) => value(addNode(doc, input));
const exportOf = (doc: Y.Doc) => toExportJson(readBoard(doc));

function baseBoard(clientID = 1): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  initBoard(doc, 'Shop 🛒', 0);
  add(doc, { id: nid('vpc'), kind: 'group.vpc', x: 0, y: 0 });
  add(doc, { id: nid('sub'), kind: 'group.private-subnet', x: 20, y: 40, parent: nid('vpc') });
  add(doc, { id: nid('fn'), kind: 'aws.lambda', x: 30, y: 30, parent: nid('sub'), label: 'Orders 👩‍💻' });
  add(doc, { id: nid('db'), kind: 'aws.dynamodb', x: 800, y: 40, label: 'Orders <table>' });
  add(doc, { id: nid('queue'), kind: 'aws.sqs', x: 800, y: 300 });
  add(doc, { id: nid('keep'), kind: 'generic.service', x: -400, y: 0, label: 'Untouched' });
  add(doc, { id: nid('memo'), kind: 'note', x: 0, y: 600, label: 'Assumptions & limits' });
  value(connect(doc, { id: eid('e-fn-db'), source: nid('fn'), target: nid('db'), style: 'data', label: 'PutItem' }));
  value(
    connect(doc, {
      id: eid('e-fn-q'),
      source: nid('fn'),
      target: nid('queue'),
      style: 'async',
      sourceHandle: 'bottom',
    }),
  );
  value(connect(doc, { id: eid('e-keep-fn'), source: nid('keep'), target: nid('fn') }));
  value(setNodeNotes(doc, nid('fn'), 'timeout 3 s'));
  setAnswer(doc, 'q1', 'Consistency');
  setAnswer(doc, 'q9', 'p99 < 200 ms');
  return doc;
}

/** Edits of every kind, none of which touch `keep` or the edge that leaves it. */
function laterEdits(doc: Y.Doc): void {
  add(doc, { id: nid('cache'), kind: 'generic.cache', x: 500, y: 500, label: 'Hot keys' });
  value(connect(doc, { id: eid('e-fn-cache'), source: nid('fn'), target: nid('cache'), style: 'sync' }));
  value(removeNodes(doc, [nid('queue')])); // and e-fn-q with it
  value(moveNodes(doc, [{ id: nid('db'), x: 1000, y: 90 }]));
  value(renameNode(doc, nid('db'), 'Orders table v2 🚀'));
  value(reparentNode(doc, nid('fn'), null, { x: 300, y: 300 }));
  value(resizeNode(doc, nid('vpc'), { w: 900, h: 500 }));
  value(setEdgeStyle(doc, eid('e-fn-db'), 'replication'));
  value(setEdgeTwoWay(doc, eid('e-fn-db'), true));
  value(renameEdge(doc, eid('e-fn-db'), 'Streams'));
  value(setNodeNotes(doc, nid('fn'), ''));
  value(renameNode(doc, nid('memo'), 'Assumptions & limits (revised)'));
  value(removeEdges(doc, [eid('e-keep-fn')]));
  value(connect(doc, { id: eid('e-keep-fn'), source: nid('keep'), target: nid('fn'), label: 'again' }));
  setAnswer(doc, 'q1', 'Availability');
  setAnswer(doc, 'q9', '');
  setAnswer(doc, 'q3', 'Free and paid tiers');
  setTitle(doc, 'Shop v2');
}

function undoManager(doc: Y.Doc): Y.UndoManager {
  const { meta, nodes, edges, requirements } = boardMaps(doc);
  return new Y.UndoManager([meta, nodes, edges, requirements], { trackedOrigins: new Set([ORIGIN]) });
}

describe('EXP-6 restoreBoard', () => {
  test('EXP-6 after restore the board exports exactly as the snapshot did', () => {
    const doc = baseBoard();
    const snapshot: Board = readBoard(doc);
    const snapshotJson = toExportJson(snapshot);
    laterEdits(doc);
    const laterJson = exportOf(doc);
    expect(laterJson).not.toBe(snapshotJson);

    const counted = countTransactions(doc, () => restoreBoard(doc, snapshot, ORIGIN));
    expect(counted.result).toEqual({ changed: true });
    expect(counted.transactions).toBe(1);
    expect(counted.updates).toBe(1);
    expect(counted.origins).toEqual([ORIGIN]);
    const restored = readBoard(doc);
    expect(restored.problems).toEqual([]);
    expect(toExportJson(restored)).toBe(snapshotJson);
    // Not only the export: the reader's full view matches (notes, answers, title).
    expect({ ...restored, createdAt: 0 }).toEqual({ ...snapshot, createdAt: 0 });
  });

  test('EXP-6 one undo takes the restore back to the later edits, and redo restores again', () => {
    const doc = baseBoard();
    const snapshot = readBoard(doc);
    laterEdits(doc);
    const laterJson = exportOf(doc);
    const undo = undoManager(doc);
    restoreBoard(doc, snapshot, ORIGIN);
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(readBoard(doc).problems).toEqual([]);
    expect(exportOf(doc)).toBe(laterJson);
    undo.redo();
    expect(exportOf(doc)).toBe(toExportJson(snapshot));
  });

  test('EXP-6 a concurrent edit on another replica to a record the restore leaves alone survives the merge', () => {
    const a = baseBoard(1);
    const snapshot = readBoard(a);
    laterEdits(a);
    const b = new Y.Doc();
    b.clientID = 2;
    syncPair(a, b);
    expect(exportOf(b)).toBe(exportOf(a));

    // Meanwhile, and unseen by each other: B edits `keep`, A restores.
    value(renameNode(b, nid('keep'), 'Untouched, renamed by B'));
    value(moveNodes(b, [{ id: nid('keep'), x: -450, y: 20 }]));
    value(renameEdge(b, eid('e-keep-fn'), 'again, says B'));
    expect(restoreBoard(a, snapshot, ORIGIN).changed).toBe(true);
    syncPair(a, b);

    const merged = readBoard(a);
    expect(exportOf(b)).toBe(exportOf(a));
    expect(merged.problems).toEqual([]);
    expect(merged.nodes.find((n) => n.id === 'keep')).toMatchObject({
      x: -450,
      y: 20,
      label: 'Untouched, renamed by B',
    });
    // The restore did reset that edge's label, which B's typing then merged into.
    expect(merged.edges.find((e) => e.id === 'e-keep-fn')?.label).toContain('B');
    // Everything else reads as the snapshot.
    const rest = (board: Board) => ({
      ...board,
      createdAt: 0,
      nodes: board.nodes.filter((n) => n.id !== 'keep'),
      edges: board.edges.filter((e) => e.id !== 'e-keep-fn'),
    });
    expect(rest(merged)).toEqual(rest(snapshot));
  });

  test('EXP-6 a node the restore leaves alone keeps a concurrent edit exactly', () => {
    const a = baseBoard(1);
    const snapshot = readBoard(a);
    value(renameNode(a, nid('db'), 'changed after the snapshot'));
    const b = new Y.Doc();
    b.clientID = 2;
    syncPair(a, b);
    value(renameNode(b, nid('memo'), 'Assumptions & limits, typed by B'));
    value(resizeNode(b, nid('memo'), { w: 260, h: 180 }));
    restoreBoard(a, snapshot, ORIGIN);
    syncPair(a, b);
    const memo = readBoard(a).nodes.find((n) => n.id === 'memo');
    expect(memo).toMatchObject({ label: 'Assumptions & limits, typed by B', w: 260, h: 180 });
    expect(readBoard(a).nodes.find((n) => n.id === 'db')?.label).toBe('Orders <table>');
    expect(exportOf(a)).toBe(exportOf(b));
  });

  test('EXP-6 restoring to the current state changes nothing', () => {
    const doc = baseBoard();
    laterEdits(doc);
    const before = Y.encodeStateAsUpdate(doc);
    const counted = countTransactions(doc, () => restoreBoard(doc, readBoard(doc), ORIGIN));
    expect(counted.result).toEqual({ changed: false });
    expect(counted.updates).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    // Also right after a restore: a second restore to the same version is a no-op.
    const snapshot = readBoard(baseBoard());
    expect(restoreBoard(doc, snapshot, ORIGIN).changed).toBe(true);
    expect(restoreBoard(doc, snapshot, ORIGIN).changed).toBe(false);
  });

  test('EXP-6 restore changes only the characters that differ in a text', () => {
    const a = baseBoard(1);
    const snapshot = readBoard(a);
    value(renameNode(a, nid('db'), 'Orders <table> and more'));
    const b = new Y.Doc();
    b.clientID = 2;
    syncPair(a, b);
    // B types at the start of the label while A restores (deletes the tail).
    value(renameNode(b, nid('db'), 'My Orders <table> and more'));
    restoreBoard(a, snapshot, ORIGIN);
    syncPair(a, b);
    expect(readBoard(a).nodes.find((n) => n.id === 'db')?.label).toBe('My Orders <table>');
  });
});

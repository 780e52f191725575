import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { countTransactions } from '../testing/network';
import { boardMaps, EDGE_KEYS, edgeMap, META_KEYS, NODE_KEYS, nodeMap, SCHEMA_VERSION } from './docLayout';
import { EDGE_DEFAULTS, EDGE_PROP_NAMES, EDGE_STYLES, isEdgeStyle } from './edgeRecord';
import {
  BOARD_ID_PATTERN,
  isBoardId,
  newBoardId,
  newEdgeId,
  newNodeId,
  randomId,
  type EdgeId,
  type NodeId,
} from './ids';
import { isBoardNode, NODE_DEFAULTS, NODE_PROP_NAMES } from './nodeRecord';

describe('ids', () => {
  test('board ids are 1–64 of [A-Za-z0-9_-]', () => {
    for (const ok of ['a', 'Board_1-x', 'x'.repeat(64)]) expect(isBoardId(ok), ok).toBe(true);
    for (const bad of ['', 'x'.repeat(65), 'a/b', 'a b', '../x', 'é', 'a.b']) expect(isBoardId(bad), bad).toBe(false);
  });

  test('generated ids have their documented shapes', () => {
    expect(newBoardId()).toMatch(BOARD_ID_PATTERN);
    expect(newBoardId()).toHaveLength(16);
    expect(newNodeId()).toMatch(/^n_[A-Za-z0-9]{12}$/);
    expect(newEdgeId()).toMatch(/^e_[A-Za-z0-9]{12}$/);
    expect(randomId(5)).toMatch(/^[A-Za-z0-9]{5}$/);
    expect(randomId(0)).toBe('');
  });

  test('generated ids do not repeat', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newNodeId()));
    expect(ids.size).toBe(2000);
  });
});

describe('records', () => {
  const node = { id: 'n', kind: 'aws.lambda', x: 0, y: 0, z: 0, label: '' };

  test('isBoardNode accepts reader output and rejects junk', () => {
    expect(isBoardNode(node)).toBe(true);
    expect(isBoardNode({ ...node, w: 10, h: 10, parent: 'p', notes: '' })).toBe(true);
    for (const bad of [null, 42, 'node', { ...node, label: 1 }, { ...node, id: 3 }, { ...node, x: Number.NaN }]) {
      expect(isBoardNode(bad)).toBe(false);
    }
    expect(isBoardNode({ ...node, w: 0 })).toBe(false);
    expect(isBoardNode({ ...node, kind: '' })).toBe(false);
  });

  test('edge styles and defaults', () => {
    expect(EDGE_STYLES).toEqual(['sync', 'async', 'data', 'replication']);
    for (const s of EDGE_STYLES) expect(isEdgeStyle(s)).toBe(true);
    for (const bad of ['SYNC', '', 1, null, undefined]) expect(isEdgeStyle(bad)).toBe(false);
    expect(EDGE_DEFAULTS.style).toBe('sync');
    expect(NODE_DEFAULTS.z).toBe(0);
  });
});

describe('doc layout', () => {
  test('schema version 2 and the documented keys', () => {
    expect(SCHEMA_VERSION).toBe(2);
    expect(NODE_PROP_NAMES).toEqual(['instances', 'multiAz', 'public', 'capacityRps', 'shards', 'partitions']);
    expect(EDGE_PROP_NAMES).toEqual(['rps', 'payloadKB', 'fanOut']);
    // settings are keys of the record itself and must not collide with its fields
    for (const name of NODE_PROP_NAMES) expect(Object.values(NODE_KEYS)).not.toContain(name);
    for (const name of EDGE_PROP_NAMES) expect(Object.values(EDGE_KEYS)).not.toContain(name);
    expect(Object.values(META_KEYS)).toEqual(['schemaVersion', 'title', 'createdAt']);
    expect(Object.values(NODE_KEYS)).toEqual(['kind', 'x', 'y', 'w', 'h', 'parent', 'label', 'notes', 'z']);
    expect(Object.values(EDGE_KEYS)).toEqual([
      'source',
      'target',
      'sourceHandle',
      'targetHandle',
      'label',
      'style',
      'twoWay',
    ]);
  });

  test('boardMaps is idempotent and writes nothing', () => {
    const doc = new Y.Doc();
    const counted = countTransactions(doc, () => [boardMaps(doc), boardMaps(doc)]);
    expect(counted.updates).toBe(0);
    const [first, second] = counted.result;
    expect(first?.nodes).toBe(second?.nodes);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
  });

  test('nodeMap and edgeMap return records only when they are Y.Maps', () => {
    const doc = new Y.Doc();
    const { nodes, edges } = boardMaps(doc);
    const record = new Y.Map<unknown>();
    nodes.set('real', record);
    nodes.set('junk', 5 as unknown as Y.Map<unknown>);
    edges.set('junk', new Y.Text() as unknown as Y.Map<unknown>);
    expect(nodeMap(doc, 'real' as NodeId)).toBe(record);
    expect(nodeMap(doc, 'junk' as NodeId)).toBeUndefined();
    expect(nodeMap(doc, 'none' as NodeId)).toBeUndefined();
    expect(edgeMap(doc, 'junk' as EdgeId)).toBeUndefined();
  });
});

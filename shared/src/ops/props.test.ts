import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { nodeSettings, settingsFor } from '../catalog/settings';
import { readBoard } from '../read/readBoard';
import { boardMaps, edgeMap, META_KEYS, nodeMap, SCHEMA_VERSION } from '../schema/docLayout';
import type { EdgeId, NodeId } from '../schema/ids';
import { countTransactions, syncPair } from '../testing/network';
import { value } from '../testing/results';
import { dismissFinding, reopenFinding } from './dismissals';
import { connect } from './edges';
import { initBoard, migrateBoard } from './meta';
import { addNode } from './nodes';
import { serializeExport, toExportDoc } from '../export/toExportJson';
import { parseImport } from '../export/parseImport';
import { writeImport } from './importBoard';
import { setEdgeProps, setNodeProps } from './props';
import { restoreBoard } from './restore';

/** A board with an API in front of a database: the records the settings go on. */
function board() {
  const doc = new Y.Doc();
  initBoard(doc, 'props', 1);
  const api = value(addNode(doc, { id: 'api' as NodeId, kind: 'aws.ec2', x: 0, y: 0 }));
  const db = value(addNode(doc, { id: 'db' as NodeId, kind: 'aws.rds', x: 300, y: 0 }));
  const edge = value(connect(doc, { id: 'e' as EdgeId, source: api, target: db }));
  return { doc, api, db, edge };
}

/** A board as schema version 1 saved it: the same records, version 1, no settings. */
function savedByVersion1(): Uint8Array {
  const { doc } = board();
  boardMaps(doc).meta.set(META_KEYS.schemaVersion, 1);
  return Y.encodeStateAsUpdate(doc);
}

describe('node settings and edge figures (schema version 2)', () => {
  test('PROPS-1 settings are set in one transaction, read back typed, and cleared with null', () => {
    const { doc, api } = board();
    const counted = countTransactions(doc, () => setNodeProps(doc, api, { instances: 3, multiAz: true }, 'me'));
    expect(counted.result).toEqual({ ok: true, value: 2 });
    expect(counted.transactions).toBe(1);
    expect(counted.origins).toEqual(['me']);
    expect(readBoard(doc).nodes.find((n) => n.id === api)?.props).toEqual({ instances: 3, multiAz: true });

    value(setNodeProps(doc, api, { instances: null }));
    expect(readBoard(doc).nodes.find((n) => n.id === api)?.props).toEqual({ multiAz: true });
    value(setNodeProps(doc, api, { multiAz: null }));
    expect(readBoard(doc).nodes.find((n) => n.id === api)).not.toHaveProperty('props');
  });

  test('PROPS-2 one bad value refuses the whole patch and changes nothing', () => {
    const { doc, api, edge } = board();
    const before = Y.encodeStateAsUpdate(doc);
    for (const patch of [
      { instances: 0 },
      { instances: 2.5 },
      { capacityRps: -1 },
      { capacityRps: Number.POSITIVE_INFINITY },
      { instances: 2, multiAz: 'yes' as unknown as boolean },
    ]) {
      const result = setNodeProps(doc, api, patch);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-value');
    }
    const unknown = setNodeProps(doc, api, { color: 'red' } as never);
    expect(unknown.ok || unknown.error.message).toMatch(/no setting "color"/);
    expect(setEdgeProps(doc, edge, { fanOut: 0 }).ok).toBe(false);
    expect(setNodeProps(doc, 'gone' as NodeId, { instances: 2 })).toMatchObject({ error: { code: 'missing-node' } });
    expect(setEdgeProps(doc, 'gone' as EdgeId, { rps: 2 })).toMatchObject({ error: { code: 'missing-edge' } });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  test('PROPS-3 a peer’s bad value drops that setting only: the node and its other settings stay', () => {
    const { doc, api, edge } = board();
    value(setNodeProps(doc, api, { instances: 2 }));
    nodeMap(doc, api)?.set('multiAz', 'sometimes');
    nodeMap(doc, api)?.set('capacityRps', Number.NaN);
    edgeMap(doc, edge)?.set('rps', -5);
    edgeMap(doc, edge)?.set('payloadKB', 4);
    const read = readBoard(doc);
    expect(read.problems).toEqual([]);
    expect(read.nodes.find((n) => n.id === api)?.props).toEqual({ instances: 2 });
    expect(read.edges[0]?.props).toEqual({ payloadKB: 4 });
  });

  test('PROPS-4 edge figures: set, read, cleared', () => {
    const { doc, edge } = board();
    expect(value(setEdgeProps(doc, edge, { rps: 1200, payloadKB: 2, fanOut: 3 }))).toBe(3);
    expect(readBoard(doc).edges[0]?.props).toEqual({ rps: 1200, payloadKB: 2, fanOut: 3 });
    // the same values again change nothing
    expect(value(setEdgeProps(doc, edge, { rps: 1200 }))).toBe(0);
    value(setEdgeProps(doc, edge, { rps: null, payloadKB: null, fanOut: null }));
    expect(readBoard(doc).edges[0]).not.toHaveProperty('props');
  });

  test('PROPS-5 concurrent edits of different settings of one node merge', () => {
    const { doc: a, api } = board();
    const b = new Y.Doc();
    syncPair(a, b);
    value(setNodeProps(a, api, { instances: 4 }));
    value(setNodeProps(b, api, { multiAz: true }));
    syncPair(a, b);
    for (const doc of [a, b]) {
      expect(readBoard(doc).nodes.find((n) => n.id === api)?.props).toEqual({ instances: 4, multiAz: true });
    }
  });

  test('PROPS-6 defaults come from the catalogue, for the settings the kind takes', () => {
    expect(settingsFor('aws.ec2')).toEqual(['instances', 'multiAz', 'capacityRps']);
    expect(settingsFor('aws.kinesis')).toEqual(['shards']);
    expect(settingsFor('note')).toEqual([]);
    expect(nodeSettings({ kind: 'aws.rds' })).toEqual({ instances: 1, multiAz: false });
    expect(nodeSettings({ kind: 'aws.api-gateway', props: { capacityRps: 5000 } })).toEqual({
      public: true,
      capacityRps: 5000,
    });
    // a setting the kind does not take is not reported, even when a peer wrote it
    expect(nodeSettings({ kind: 'aws.s3', props: { instances: 9 } })).toEqual({});
  });
});

describe('settings travel with the board', () => {
  test('PROPS-7 export, import, copy and paste keep settings and figures; a bad one in a file is refused', () => {
    const { doc, api, edge } = board();
    value(setNodeProps(doc, api, { instances: 3, multiAz: true }));
    value(setEdgeProps(doc, edge, { rps: 500, payloadKB: 2 }));
    const text = serializeExport(toExportDoc(readBoard(doc)));
    expect(JSON.parse(text).nodes[0].props).toEqual({ instances: 3, multiAz: true });
    const parsed = parseImport(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const copy = new Y.Doc();
    writeImport(copy, parsed.value, { freshIds: true });
    const read = readBoard(copy);
    // fresh ids are random, so the nodes are told apart by kind
    expect(read.nodes.find((n) => n.kind === 'aws.ec2')?.props).toEqual({ instances: 3, multiAz: true });
    expect(read.nodes.find((n) => n.kind === 'aws.rds')).not.toHaveProperty('props');
    expect(read.edges[0]?.props).toEqual({ rps: 500, payloadKB: 2 });

    const bad = parseImport(text.replace('"instances": 3', '"instances": -3'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/instances/);
  });

  test('PROPS-8 restoring a version restores settings, figures and dismissals', () => {
    const { doc, api, edge } = board();
    value(setNodeProps(doc, api, { instances: 2 }));
    dismissFinding(doc, 'k', { reason: '', by: 'Ada', at: 1 });
    const version = readBoard(doc);
    value(setNodeProps(doc, api, { instances: 5, multiAz: true }));
    value(setEdgeProps(doc, edge, { rps: 9 }));
    reopenFinding(doc, 'k');
    dismissFinding(doc, 'other', { reason: 'x', by: 'Bo', at: 2 });
    expect(restoreBoard(doc, version).changed).toBe(true);
    expect(readBoard(doc)).toEqual(version);
  });
});

describe('dismissed findings', () => {
  test('DISMISS-1 a dismissal is shared, read back, and reopened; junk under the root is ignored', () => {
    const { doc: a } = board();
    const b = new Y.Doc();
    dismissFinding(a, 'single-instance:api', { reason: '  staging only  ', by: 'Ada', at: 5 }, 'me');
    boardMaps(a).review.set('junk', { reason: 3 });
    syncPair(a, b);
    expect(readBoard(b).dismissals).toEqual({ 'single-instance:api': { reason: 'staging only', by: 'Ada', at: 5 } });
    reopenFinding(b, 'single-instance:api');
    syncPair(a, b);
    expect(readBoard(a).dismissals).toEqual({});
    // reopening what is not dismissed writes nothing
    expect(countTransactions(a, () => reopenFinding(a, 'nothing')).updates).toBe(0);
  });
});

describe('migration from schema version 1', () => {
  test('MIGRATE-1 a board saved by version 1 loads, migrates once, and keeps every record', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, savedByVersion1());
    const before = readBoard(doc);
    expect(before.schemaVersion).toBe(1);

    const first = countTransactions(doc, () => migrateBoard(doc, 'migration'));
    expect(first.result).toBe(true);
    expect(first.updates).toBe(1);
    const after = readBoard(doc);
    expect(after.schemaVersion).toBe(SCHEMA_VERSION);
    expect({ ...after, schemaVersion: 1 }).toEqual(before);

    // idempotent: a second load has nothing to do and writes nothing
    const again = countTransactions(doc, () => migrateBoard(doc));
    expect(again).toMatchObject({ result: false, updates: 0 });
  });

  test('MIGRATE-2 two clients migrating at once converge to one version-2 board', () => {
    const saved = savedByVersion1();
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, saved);
    Y.applyUpdate(b, saved);
    expect(migrateBoard(a)).toBe(true);
    expect(migrateBoard(b)).toBe(true);
    // and each edits the new settings before hearing of the other's migration
    value(setNodeProps(a, 'api' as NodeId, { instances: 2 }));
    value(setNodeProps(b, 'db' as NodeId, { multiAz: true }));
    syncPair(a, b);
    expect(a.toJSON()).toEqual(b.toJSON());
    const read = readBoard(a);
    expect(read.schemaVersion).toBe(SCHEMA_VERSION);
    expect(read.nodes.map((n) => [n.id, n.props])).toEqual([
      ['api', { instances: 2 }],
      ['db', { multiAz: true }],
    ]);
    expect(migrateBoard(a)).toBe(false);
  });

  test('MIGRATE-3 a board from a newer version, or one not yet created, is left alone', () => {
    const newer = new Y.Doc();
    boardMaps(newer).meta.set(META_KEYS.schemaVersion, SCHEMA_VERSION + 1);
    expect(migrateBoard(newer)).toBe(false);
    expect(readBoard(newer).schemaVersion).toBe(SCHEMA_VERSION + 1);
    const empty = new Y.Doc();
    expect(countTransactions(empty, () => migrateBoard(empty))).toMatchObject({ result: false, updates: 0 });
  });
});

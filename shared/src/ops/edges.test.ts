import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { readBoard } from '../read/readBoard';
import { boardMaps, edgeMap, EDGE_KEYS, NODE_KEYS } from '../schema/docLayout';
import type { EdgeStyle } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import { countTransactions } from '../testing/network';
import { connect, removeEdges, renameEdge, setEdgeStyle } from './edges';
import { addNode } from './nodes';
import type { Result } from './result';

const ORIGIN = { source: 'client', connectionId: 'edges' };
const eid = (id: string) => id as EdgeId;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

function board() {
  const doc = new Y.Doc();
  const node = (id: string, kind: string) => value(addNode(doc, { id: id as NodeId, kind, x: 0, y: 0 }));
  return {
    doc,
    api: node('api', 'aws.api-gateway'),
    fn: node('fn', 'aws.lambda'),
    vpc: node('vpc', 'group.vpc'),
    note: node('note', 'note'),
  };
}

function once<T>(doc: Y.Doc, run: () => T): T {
  const counted = countTransactions(doc, run);
  expect(counted.transactions).toBe(1);
  expect(counted.updates).toBe(1);
  expect(counted.origins).toEqual([ORIGIN]);
  return counted.result;
}

function refused<T>(doc: Y.Doc, run: () => Result<T>, code: string): void {
  const before = Y.encodeStateAsUpdate(doc);
  const counted = countTransactions(doc, run);
  expect(counted.result.ok ? 'ok' : counted.result.error.code).toBe(code);
  expect(counted.updates).toBe(0);
  expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
}

describe('connect', () => {
  test('OP-3 adds an edge with default style sync and an empty Y.Text label', () => {
    const { doc, api, fn } = board();
    const id = once(doc, () => value(connect(doc, { source: api, target: fn }, ORIGIN)));
    expect(id).toMatch(/^e_[A-Za-z0-9]{12}$/);
    expect(readBoard(doc).edges).toEqual([{ id, source: api, target: fn, style: 'sync', label: '' }]);
    expect(edgeMap(doc, id)?.get(EDGE_KEYS.label)).toBeInstanceOf(Y.Text);
  });

  test('OP-3 keeps id, handles, style and label; containers are connectable', () => {
    const { doc, api, vpc } = board();
    once(doc, () =>
      value(
        connect(
          doc,
          {
            id: eid('e1'),
            source: api,
            target: vpc,
            sourceHandle: 'r',
            targetHandle: 'l',
            style: 'async',
            label: 'jobs',
          },
          ORIGIN,
        ),
      ),
    );
    expect(readBoard(doc).edges).toEqual([
      { id: 'e1', source: api, target: vpc, sourceHandle: 'r', targetHandle: 'l', style: 'async', label: 'jobs' },
    ]);
  });

  test('OP-3 null handles are left out', () => {
    const { doc, api, fn } = board();
    const id = value(connect(doc, { source: api, target: fn, sourceHandle: null, targetHandle: null }));
    expect([...(edgeMap(doc, id)?.keys() ?? [])].sort()).toEqual(['label', 'source', 'style', 'target']);
  });

  test('OP-2 missing source or target', () => {
    const { doc, api } = board();
    refused(doc, () => connect(doc, { source: 'ghost' as NodeId, target: api }, ORIGIN), 'missing-node');
    refused(doc, () => connect(doc, { source: api, target: 'ghost' as NodeId }, ORIGIN), 'missing-node');
  });

  test('OP-2 self-loop', () => {
    const { doc, api } = board();
    refused(doc, () => connect(doc, { source: api, target: api }, ORIGIN), 'self-loop');
  });

  test('OP-2 notes take no connections', () => {
    const { doc, api, note } = board();
    refused(doc, () => connect(doc, { source: api, target: note }, ORIGIN), 'not-connectable');
    refused(doc, () => connect(doc, { source: note, target: api }, ORIGIN), 'not-connectable');
  });

  test('OP-2 an end of a kind this version does not know', () => {
    const { doc, api } = board();
    const alien = new Y.Map<unknown>();
    alien.set(NODE_KEYS.kind, 'aws.quantum-ledger');
    boardMaps(doc).nodes.set('alien', alien);
    refused(doc, () => connect(doc, { source: api, target: 'alien' as NodeId }, ORIGIN), 'unknown-kind');
  });

  test('OP-8 refuses values the reader would reject (handle too long, unknown style)', () => {
    const { doc, api, fn } = board();
    refused(
      doc,
      () => connect(doc, { source: api, target: fn, sourceHandle: 'h'.repeat(65) }, ORIGIN),
      'invalid-value',
    );
    refused(
      doc,
      () => connect(doc, { source: api, target: fn, targetHandle: 'h'.repeat(65) }, ORIGIN),
      'invalid-value',
    );
    refused(
      doc,
      () => connect(doc, { source: api, target: fn, style: 'telepathy' as EdgeStyle }, ORIGIN),
      'invalid-value',
    );
  });
});

describe('removeEdges', () => {
  test('OP-5 removes the edges that exist and reports them', () => {
    const { doc, api, fn, vpc } = board();
    const a = value(connect(doc, { source: api, target: fn }));
    const b = value(connect(doc, { source: fn, target: vpc }));
    const removed = once(doc, () => value(removeEdges(doc, [a, eid('ghost')], ORIGIN)));
    expect(removed).toEqual([a]);
    expect(readBoard(doc).edges.map((e) => e.id)).toEqual([b]);
  });

  test('OP-5 removing nothing writes nothing', () => {
    const { doc } = board();
    const counted = countTransactions(doc, () => removeEdges(doc, [eid('ghost')], ORIGIN));
    expect(counted.result).toEqual({ ok: true, value: [] });
    expect(counted.updates).toBe(0);
  });
});

describe('setEdgeStyle', () => {
  test.each(['sync', 'async', 'data', 'replication'] as const)('OP-3 sets style %s', (style) => {
    const { doc, api, fn } = board();
    const id = value(connect(doc, { source: api, target: fn, style: style === 'sync' ? 'data' : 'sync' }));
    once(doc, () => value(setEdgeStyle(doc, id, style, ORIGIN)));
    expect(readBoard(doc).edges[0]?.style).toBe(style);
  });

  test('OP-2 invalid style and missing edge', () => {
    const { doc, api, fn } = board();
    const id = value(connect(doc, { source: api, target: fn }));
    refused(doc, () => setEdgeStyle(doc, id, 'bogus' as EdgeStyle, ORIGIN), 'invalid-value');
    refused(doc, () => setEdgeStyle(doc, eid('ghost'), 'async', ORIGIN), 'missing-edge');
  });
});

describe('renameEdge', () => {
  test('OP-7 edits the label Y.Text in place', () => {
    const { doc, api, fn } = board();
    const id = value(connect(doc, { source: api, target: fn, label: 'GET /items' }));
    const text = edgeMap(doc, id)?.get(EDGE_KEYS.label);
    once(doc, () => value(renameEdge(doc, id, 'GET /items/:id', ORIGIN)));
    expect(edgeMap(doc, id)?.get(EDGE_KEYS.label)).toBe(text);
    expect(readBoard(doc).edges[0]?.label).toBe('GET /items/:id');
  });

  test('OP-7 a label that is not a Y.Text is replaced by one', () => {
    const { doc, api, fn } = board();
    const id = value(connect(doc, { source: api, target: fn }));
    edgeMap(doc, id)?.set(EDGE_KEYS.label, 17);
    once(doc, () => value(renameEdge(doc, id, 'replicates', ORIGIN)));
    expect(readBoard(doc).edges[0]?.label).toBe('replicates');
  });

  test('OP-2 missing edge', () => {
    const { doc } = board();
    refused(doc, () => renameEdge(doc, eid('ghost'), 'x', ORIGIN), 'missing-edge');
  });
});

describe('duplicate edges (OP-13)', () => {
  test('OP-13 the same two handles joined again is refused; other handles or the other direction are not', () => {
    const doc = new Y.Doc();
    const a = addNode(doc, { kind: 'aws.lambda', x: 0, y: 0 });
    const b = addNode(doc, { kind: 'aws.s3', x: 200, y: 0 });
    if (!a.ok || !b.ok) throw new Error('setup');
    const first = connect(doc, { source: a.value, target: b.value, sourceHandle: 'right', targetHandle: 'left' });
    expect(first.ok).toBe(true);
    const again = connect(doc, { source: a.value, target: b.value, sourceHandle: 'right', targetHandle: 'left' });
    expect(again.ok ? 'ok' : again.error.code).toBe('duplicate-edge');
    expect(connect(doc, { source: a.value, target: b.value, sourceHandle: 'bottom', targetHandle: 'left' }).ok).toBe(
      true,
    );
    expect(connect(doc, { source: b.value, target: a.value, sourceHandle: 'left', targetHandle: 'right' }).ok).toBe(
      true,
    );
    expect(connect(doc, { source: a.value, target: b.value }).ok).toBe(true);
    expect(connect(doc, { source: a.value, target: b.value }).ok).toBe(false);
    expect(readBoard(doc).edges).toHaveLength(4);
  });
});

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { CATALOG } from '../catalog/catalog';
import { connect } from '../ops/edges';
import { setAnswer } from '../ops/meta';
import { addNode } from '../ops/nodes';
import { setEdgeProps, setNodeProps } from '../ops/props';
import type { Result } from '../ops/result';
import { readBoard, type Board } from '../read/readBoard';
import { EDGE_STYLES, type BoardEdge, type EdgeStyle } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import type { BoardNode } from '../schema/nodeRecord';
import { CAPACITY, capacityOf, capacityTableMarkdown } from './capacity';
import { estimateLoad, firstToSaturate, parseRequestRate, type Estimate } from './estimate';

const SEED = 5150;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

/** A doc built with the operations, as a board on screen is. */
class Fixture {
  readonly doc = new Y.Doc();
  node(id: string, kind: string, props: Parameters<typeof setNodeProps>[2] = {}): NodeId {
    const node = value(addNode(this.doc, { id: id as NodeId, kind, x: 0, y: 0 }));
    value(setNodeProps(this.doc, node, props));
    return node;
  }
  edge(source: NodeId, target: NodeId, props: Parameters<typeof setEdgeProps>[2] = {}, style?: EdgeStyle): EdgeId {
    const edge = value(connect(this.doc, { id: `${source}>${target}` as EdgeId, source, target, style }));
    value(setEdgeProps(this.doc, edge, props));
    return edge;
  }
  answer(q5: string): this {
    setAnswer(this.doc, 'q5', q5);
    return this;
  }
  board(): Board {
    return readBoard(this.doc);
  }
}

/**
 * user → api → ingest (Lambda) → topic (SNS) ─┬→ queue (SQS) → worker (EC2 ×3) → table (DynamoDB)
 *                                            └→ stream (Kinesis, 1 shard), fanOut 3, 10 KB
 * plus a VPC container and a note, which carry no load.
 */
function pipeline(shards = 1): Fixture {
  const f = new Fixture().answer('About 2,000 rps at peak');
  f.node('vpc', 'group.vpc');
  f.node('memo', 'note');
  const user = f.node('user', 'generic.user');
  const api = f.node('api', 'aws.api-gateway');
  const ingest = f.node('ingest', 'aws.lambda', { capacityRps: 5000 });
  const topic = f.node('topic', 'aws.sns');
  const queue = f.node('queue', 'aws.sqs');
  const stream = f.node('stream', 'aws.kinesis', { shards });
  const worker = f.node('worker', 'aws.ec2', { instances: 3 });
  const table = f.node('table', 'aws.dynamodb');
  f.edge(user, api);
  f.edge(api, ingest);
  f.edge(ingest, topic, {}, 'async');
  f.edge(topic, queue, {}, 'async');
  f.edge(topic, stream, { fanOut: 3, payloadKB: 10 }, 'async');
  f.edge(queue, worker, {}, 'async');
  f.edge(worker, table);
  return f;
}

const utilisations = (estimate: Estimate) =>
  Object.fromEntries(Object.entries(estimate.nodes).map(([id, n]) => [id, n.utilisation]));

describe('EST-1 estimateLoad: a worked example', () => {
  test('fan-out through SNS and a Kinesis shard limit, checked by hand', () => {
    const estimate = estimateLoad(pipeline().board());
    expect(estimate.entrySource).toBe('q5');
    expect(estimate.entryRps).toBe(2000); // "About 2,000 rps at peak"
    // The one edge out of the user carries all 2,000 rps, and every service forwards its load.
    expect(estimate.nodes['api' as NodeId]).toEqual({ load: 2000, capacity: 10_000, utilisation: 0.2 });
    // Lambda's own capacityRps (5,000) replaces the table's 1,000: 2,000 / 5,000.
    expect(estimate.nodes['ingest' as NodeId]).toEqual({ load: 2000, capacity: 5000, utilisation: 0.4 });
    // SNS: 2,000 / 30,000 published messages per second.
    expect(estimate.nodes['topic' as NodeId]?.utilisation).toBeCloseTo(2000 / 30_000, 12);
    // fanOut 1 (default) to SQS, which has no modelled limit.
    expect(estimate.nodes['queue' as NodeId]).toEqual({ load: 2000 });
    // fanOut 3 to Kinesis: 6,000 records/s of 10 KB = 60,000 KB/s = 60 MB/s, against 70 MB/s
    // for one shard: 60 / 70 = 0.857. In rps at 10 KB each the shard takes 70,000 / 10 = 7,000.
    const stream = estimate.nodes['stream' as NodeId]!;
    expect(stream.load).toBe(6000);
    expect(stream.mbPerSecond).toBe(60);
    expect(stream.capacityMBps).toBe(70);
    expect(stream.capacity).toBe(7000);
    expect(stream.utilisation).toBeCloseTo(6 / 7, 12);
    // EC2: 3 instances × 1,000 rps = 3,000; 2,000 / 3,000.
    expect(estimate.nodes['worker' as NodeId]?.utilisation).toBeCloseTo(2 / 3, 12);
    // DynamoDB: 2,000 / 40,000.
    expect(estimate.nodes['table' as NodeId]?.utilisation).toBe(0.05);
    expect(estimate.edges['topic>stream' as EdgeId]).toBe(6000);
    // Only the stream is at or above 80 %.
    expect(estimate.bottlenecks).toEqual([{ node: 'stream', utilisation: 6 / 7 }]);
    // Containers and notes are not part of the estimate.
    expect(Object.keys(estimate.nodes)).not.toContain('vpc');
    expect(Object.keys(estimate.nodes)).not.toContain('memo');
    expect(estimate.cycles).toEqual([]);
  });

  test('a second shard doubles the Kinesis limit', () => {
    const stream = estimateLoad(pipeline(2).board()).nodes['stream' as NodeId]!;
    expect(stream.capacityMBps).toBe(140);
    expect(stream.utilisation).toBeCloseTo(60 / 140, 12);
  });

  test("an edge's own rps overrides what would flow on it, and is multiplied by growth", () => {
    const f = pipeline();
    value(setEdgeProps(f.doc, 'queue>worker' as EdgeId, { rps: 500 }));
    const estimate = estimateLoad(f.board(), { growth: 10 });
    expect(estimate.nodes['queue' as NodeId]?.load).toBe(20_000);
    expect(estimate.nodes['worker' as NodeId]?.load).toBe(5000);
    expect(estimate.nodes['table' as NodeId]?.load).toBe(5000);
  });

  test('replication edges carry no request load', () => {
    const f = new Fixture().answer('1000');
    const user = f.node('user', 'generic.user');
    const db = f.node('db', 'aws.rds');
    const replica = f.node('replica', 'aws.rds');
    f.edge(user, db);
    f.edge(db, replica, {}, 'replication');
    const estimate = estimateLoad(f.board());
    expect(estimate.nodes['db' as NodeId]?.load).toBe(1000);
    expect(estimate.nodes['replica' as NodeId]?.load).toBe(0);
  });

  test('q5 is split evenly over the edges leaving users and clients', () => {
    const f = new Fixture().answer('3k');
    const user = f.node('user', 'generic.user');
    const client = f.node('client', 'generic.client');
    const web = f.node('web', 'aws.cloudfront');
    const api = f.node('api', 'aws.api-gateway');
    f.edge(user, web);
    f.edge(user, api);
    f.edge(client, api);
    const estimate = estimateLoad(f.board());
    expect(estimate.nodes['web' as NodeId]?.load).toBe(1000);
    expect(estimate.nodes['api' as NodeId]?.load).toBe(2000);
    expect(estimate.nodes['user' as NodeId]?.load).toBe(2000);
  });

  test('without an answer, the rps of edges leaving users is the entry load', () => {
    const f = new Fixture();
    const user = f.node('user', 'generic.user');
    const api = f.node('api', 'aws.api-gateway');
    const fn = f.node('fn', 'aws.lambda');
    f.edge(user, api, { rps: 1500 });
    f.edge(api, fn);
    const estimate = estimateLoad(f.board(), { growth: 10 });
    expect(estimate).toMatchObject({ entrySource: 'edges', entryRps: 15_000 });
    expect(estimate.nodes['fn' as NodeId]).toEqual({ load: 15_000, capacity: 1000, utilisation: 15 });
    expect(estimateLoad(new Fixture().board())).toMatchObject({ entrySource: 'none', entryRps: 0, bottlenecks: [] });
  });

  test('without an answer or users, the rps set on an edge inside the diagram is where the load enters', () => {
    const f = new Fixture();
    const cdn = f.node('cdn', 'aws.cloudfront');
    const alb = f.node('alb', 'aws.elb');
    const api = f.node('api', 'aws.ecs');
    const db = f.node('db', 'aws.rds');
    f.edge(cdn, alb);
    f.edge(alb, api, { rps: 1500 });
    f.edge(api, db);
    const estimate = estimateLoad(f.board(), { growth: 10 });
    expect(estimate).toMatchObject({ entrySource: 'inner', entryRps: 15_000 });
    expect(estimate.nodes['db' as NodeId]?.load).toBe(15_000);
    // An rps set further down an edge already fed counts once, at the top.
    f.edge(api, f.node('cache', 'aws.elasticache'), { rps: 400 });
    expect(estimateLoad(f.board())).toMatchObject({ entrySource: 'inner', entryRps: 1500 });
  });

  test('with an answer and no users, the load enters at the roots', () => {
    const f = new Fixture().answer('4000 requests per second');
    const api = f.node('api', 'aws.api-gateway');
    const fn = f.node('fn', 'aws.lambda', { capacityRps: 8000 });
    f.edge(api, fn);
    const estimate = estimateLoad(f.board());
    expect(estimate.nodes['api' as NodeId]?.load).toBe(4000);
    expect(estimate.nodes['fn' as NodeId]?.utilisation).toBe(0.5);
  });
});

describe('EST-2 firstToSaturate: growth decides when, capacity decides what', () => {
  test('nothing saturates at ×1; at ×10 the Kinesis shard goes first', () => {
    const board = pipeline().board();
    expect(firstToSaturate(board, [1])).toBeUndefined();
    // ×10: stream 8.57, worker 6.67, ingest 4, api 2; SNS (0.67) and DynamoDB (0.5) hold.
    expect(firstToSaturate(board)).toEqual({
      growth: 10,
      node: 'stream',
      utilisation: 60 / 7,
      saturated: ['stream', 'worker', 'ingest', 'api'],
    });
  });

  test('with a second shard the EC2 workers saturate first, still at ×10', () => {
    expect(firstToSaturate(pipeline(2).board())).toMatchObject({ growth: 10, node: 'worker' });
  });

  test('with ten times the capacity everywhere, saturation moves to ×100', () => {
    const f = pipeline(10);
    value(setNodeProps(f.doc, 'worker' as NodeId, { instances: 30 }));
    value(setNodeProps(f.doc, 'ingest' as NodeId, { capacityRps: 50_000 }));
    value(setNodeProps(f.doc, 'api' as NodeId, { capacityRps: 100_000 }));
    // ×10 (20,000 rps) the most loaded is Kinesis at 600 / 700 MB/s = 0.86. ×100: Kinesis
    // 6,000 / 700 = 8.57, then SNS 200,000 / 30,000 = 6.67.
    expect(firstToSaturate(f.board())).toMatchObject({ growth: 100, node: 'stream' });
    expect(firstToSaturate(f.board(), [1, 10])).toBeUndefined();
  });

  test('the order of utilisations does not depend on growth (the model is linear)', () => {
    const board = pipeline().board();
    const at = (growth: number) => estimateLoad(board, { growth, threshold: 0 }).bottlenecks.map((b) => b.node);
    expect(at(10)).toEqual(at(1));
    expect(at(100)).toEqual(at(1));
  });
});

describe('EST-3 parseRequestRate (question 5)', () => {
  test.each([
    ['2,000', 2000],
    ['2000', 2000],
    ['2k', 2000],
    ['2K rps', 2000],
    ['1.5 million', 1_500_000],
    ['1.5M', 1_500_000],
    ['500 rps', 500],
    ['30k req/s', 30_000],
    ['1e4', 10_000],
    ['about 12,500 requests per second', 12_500],
    ['6,000 per minute', 100],
    ['600 rpm', 10],
    ['10 million requests a day', 10_000_000 / 86_400],
    ['3600 writes hourly', 1],
    ['average 500/s, peak 2,000/s', 2000],
    ['100 million users, 5,000 requests per second', 5000],
    ['2k-5k', 5000],
    ['5000 rps, 99.9% reads', 5000],
    ['p99 under 200 ms: 700', 700],
  ])('%s → %d', (text, expected) => {
    expect(parseRequestRate(text)).toBeCloseTo(expected, 9);
  });

  test.each(['', 'lots', 'TBD', 'q5', '99.9%', 'Not sure yet, ask product'])('%s → undefined', (text) => {
    expect(parseRequestRate(text)).toBeUndefined();
  });

  test('an unreadable answer falls back to the edges', () => {
    const f = new Fixture().answer('a lot, we hope');
    const user = f.node('user', 'generic.user');
    const api = f.node('api', 'aws.api-gateway');
    f.edge(user, api, { rps: 300 });
    expect(estimateLoad(f.board())).toMatchObject({ entrySource: 'edges', entryRps: 300 });
  });
});

describe('EST-4 cycles', () => {
  test('a loop terminates, is reported, and the load goes once around', () => {
    const f = new Fixture().answer('100');
    const user = f.node('user', 'generic.user');
    const a = f.node('a', 'generic.service');
    const b = f.node('b', 'generic.service');
    const c = f.node('c', 'generic.service');
    f.edge(user, a);
    f.edge(a, b);
    f.edge(b, c);
    f.edge(c, a); // closes the loop: dropped as the back edge of a walk from the user
    const estimate = estimateLoad(f.board());
    expect(estimate.cycles).toEqual([['a', 'b', 'c']]);
    expect([a, b, c].map((id) => estimate.nodes[id]?.load)).toEqual([100, 100, 100]);
    expect(estimate.edges['c>a' as EdgeId]).toBeUndefined();
  });

  test('self-loops are reported and ignored; every loop of a dense board terminates', () => {
    const nodes: BoardNode[] = Array.from({ length: 30 }, (_, i) => ({
      id: `n${i}` as NodeId,
      kind: i === 0 ? 'generic.user' : 'aws.sns',
      x: 0,
      y: 0,
      z: 1,
      label: '',
    }));
    const edges: BoardEdge[] = [];
    for (let i = 0; i < 30; i++)
      for (let j = 0; j < 30; j++)
        edges.push({
          id: `e${i}-${j}` as EdgeId,
          source: `n${i}` as NodeId,
          target: `n${j}` as NodeId,
          label: '',
          style: 'sync',
          props: { fanOut: 10_000 },
        });
    const estimate = estimateLoad(boardOf(nodes, edges, { q5: '1 billion' }), { growth: 100 });
    expect(estimate.cycles).toContainEqual(['n1']);
    expect(estimate.cycles.length).toBeLessThanOrEqual(100);
    for (const n of Object.values(estimate.nodes)) expect(Number.isFinite(n.load)).toBe(true);
  });
});

describe('EST-5 capacity table', () => {
  test('one row per kind, every kind in the catalogue, each with a source', () => {
    const kinds = CAPACITY.map((row) => row.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const row of CAPACITY) {
      expect(CATALOG.some((e) => e.id === row.kind && e.shape === 'service')).toBe(true);
      expect(row.source).toMatch(/^(Guide line \d+: ".+"|Archboard default: .+)/);
    }
  });

  test("the guide's figures are quoted from the guide, at the line given", () => {
    const guide = readFileSync(new URL('../../seed/system-design-guide.txt', import.meta.url), 'utf8').split('\n');
    for (const row of CAPACITY) {
      const quote = /^Guide line (\d+): "([^"]+)"/.exec(row.source);
      if (quote) expect(guide[Number(quote[1]) - 1]).toContain(quote[2]);
    }
  });

  test('capacityOf: own capacityRps × instances, else the row × instances, shards or partitions', () => {
    expect(capacityOf({ kind: 'aws.ec2', props: { instances: 4 } })).toEqual({ rps: 4000, from: 'table' });
    expect(capacityOf({ kind: 'aws.ec2', props: { instances: 4, capacityRps: 250 } })).toEqual({
      rps: 1000,
      from: 'node',
    });
    expect(capacityOf({ kind: 'aws.kinesis', props: { shards: 3 } })).toEqual({ mbPerSecond: 210, from: 'table' });
    expect(capacityOf({ kind: 'aws.msk', props: { partitions: 6 } })).toEqual({ mbPerSecond: 60, from: 'table' });
    expect(capacityOf({ kind: 'aws.sqs' })).toBeUndefined();
    expect(capacityOf({ kind: 'group.vpc' })).toBeUndefined();
  });

  test('renders as Markdown, one line per row', () => {
    const md = capacityTableMarkdown();
    expect(md.trim().split('\n')).toHaveLength(CAPACITY.length + 2);
    expect(md).toContain('| Kinesis (`aws.kinesis`) | 70 MB/s | shard | Guide line 45: "70 MB/s shard".');
  });
});

function boardOf(nodes: BoardNode[], edges: BoardEdge[], answers: Record<string, string> = {}): Board {
  return { title: 't', schemaVersion: 2, createdAt: 0, nodes, edges, answers, dismissals: {}, problems: [] };
}

const KINDS = [...CATALOG.map((e) => e.id), 'unknown.kind'];
const junkNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -1, 1e-300, 1e300, Number.NaN, Infinity),
  fc.integer({ min: 1, max: 100 }),
);
const arbBoard = fc.integer({ min: 0, max: 25 }).chain((size) => {
  const id = fc.integer({ min: 0, max: Math.max(0, size) }).map((i) => `n${i}` as NodeId);
  const node = fc.record({
    id,
    kind: fc.constantFrom(...KINDS),
    props: fc.option(
      fc.record(
        { instances: junkNumber, capacityRps: junkNumber, shards: junkNumber, partitions: junkNumber },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
  });
  const edge = fc.record({
    id: fc.integer({ min: 0, max: 60 }).map((i) => `e${i}` as EdgeId),
    source: id,
    target: id,
    style: fc.constantFrom(...EDGE_STYLES),
    props: fc.option(fc.record({ rps: junkNumber, payloadKB: junkNumber, fanOut: junkNumber }, { requiredKeys: [] }), {
      nil: undefined,
    }),
  });
  const answer = fc.oneof(
    fc.string(),
    fc.constantFrom('2k', '1.5 million rps', '1e308', '9'.repeat(400), '10 per day', '-5', '∞'),
  );
  return fc.record({
    nodes: fc.array(node, { maxLength: size }),
    edges: fc.array(edge, { maxLength: size * 3 }),
    answers: fc.dictionary(fc.constantFrom('q5', 'q1', 'x'), answer),
  });
});

describe('EST-6 estimateLoad on generated boards', () => {
  test('never throws, is deterministic, and every figure is finite and ≥ 0', () => {
    fc.assert(
      fc.property(
        arbBoard,
        fc.constantFrom(1, 10, 100, 0, -3, Number.NaN, 1e300),
        ({ nodes, edges, answers }, growth) => {
          const board = boardOf(
            nodes.map((n) => ({ ...n, x: 0, y: 0, z: 1, label: '' }) as BoardNode),
            edges.map((e) => ({ ...e, label: '' }) as BoardEdge),
            answers,
          );
          const first = estimateLoad(board, { growth });
          expect(estimateLoad(board, { growth })).toEqual(first);
          const numbers = [
            first.entryRps,
            ...Object.values(first.edges),
            ...Object.values(first.nodes).flatMap((n) => [
              n.load,
              n.capacity ?? 0,
              n.utilisation ?? 0,
              n.mbPerSecond ?? 0,
              n.capacityMBps ?? 0,
            ]),
            ...first.bottlenecks.map((b) => b.utilisation),
          ];
          for (const x of numbers) expect(Number.isFinite(x) && x >= 0).toBe(true);
          for (const cycle of first.cycles) expect(cycle.length).toBeGreaterThan(0);
          firstToSaturate(board);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('boards read from docs built by the operations give the same estimate as their plain copies', () => {
    const board = pipeline().board();
    expect(estimateLoad(structuredClone(board))).toEqual(estimateLoad(board));
    expect(utilisations(estimateLoad(board))).toEqual(utilisations(estimateLoad(pipeline().board())));
  });
});

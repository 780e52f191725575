/// <reference types="node" />
// Tests may read files; shared's own source may not (see eslint.config.js).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { CATALOG } from '../catalog/catalog';
import { dismissFinding } from '../ops/dismissals';
import { connect } from '../ops/edges';
import { initBoard, setAnswer } from '../ops/meta';
import { addNode } from '../ops/nodes';
import { setNodeProps, type PropsPatch } from '../ops/props';
import { readBoard, type Board } from '../read/readBoard';
import { EDGE_STYLES, type EdgeStyle } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import type { NodeProps } from '../schema/nodeRecord';
import { value } from '../testing/results';
import { GUIDE } from './guide';
import { isReadHeavy, lintBoard, LINT_RULES, openFindings, type Finding, type RuleId } from './lint';

const SEED = 4711;

const guideLines = readFileSync(new URL('../../seed/system-design-guide.txt', import.meta.url), 'utf8').split('\n');

type NodeSpec = string | { kind: string; parent?: string; label?: string; props?: PropsPatch<NodeProps> };
type EdgeSpec = [source: string, target: string, style?: EdgeStyle, twoWay?: 'twoWay'];

/** Builds a board with the real operations: nodes in the order given (parents first), then edges. */
function build(spec: { nodes: Record<string, NodeSpec>; edges?: EdgeSpec[]; answers?: Record<string, string> }) {
  const doc = new Y.Doc();
  initBoard(doc, 'fixture', 0);
  let x = 0;
  for (const [id, s] of Object.entries(spec.nodes)) {
    const { kind, parent, label, props } = typeof s === 'string' ? { kind: s } : s;
    value(addNode(doc, { id: id as NodeId, kind, x: (x += 10), y: 0, parent: parent as NodeId, label }));
    if (props) value(setNodeProps(doc, id as NodeId, props));
  }
  for (const [source, target, style, twoWay] of spec.edges ?? [])
    value(connect(doc, { source: source as NodeId, target: target as NodeId, style, twoWay: twoWay === 'twoWay' }));
  for (const [q, answer] of Object.entries(spec.answers ?? {})) setAnswer(doc, q, answer);
  return doc;
}

const lint = (doc: Y.Doc, maxSyncHops?: number) => lintBoard(readBoard(doc), { maxSyncHops });
/** The nodes of each finding of one rule. */
const fired = (doc: Y.Doc, rule: RuleId, maxSyncHops?: number) =>
  lint(doc, maxSyncHops)
    .filter((f) => f.rule === rule)
    .map((f) => f.nodes);

const ALL_ANSWERED = { q4: 'mostly writes', q9: 'under 200 ms', q11: '99.9%' };

describe('guide', () => {
  test('every quote is on its line of the guide', () => {
    for (const [name, ref] of Object.entries(GUIDE)) expect(guideLines[ref.line - 1], name).toContain(ref.quote);
  });

  test('every rule cites one of the guide lines', () => {
    const refs = new Set<unknown>(Object.values(GUIDE));
    for (const [rule, meta] of Object.entries(LINT_RULES)) expect(refs.has(meta.guide), rule).toBe(true);
  });
});

describe('direct-compute-access', () => {
  test('fires on each user or client that calls compute without ingress in front', () => {
    const doc = build({
      nodes: { user: 'generic.user', web: 'generic.client', ecs: 'aws.ecs', fn: 'aws.lambda' },
      edges: [
        ['user', 'ecs'],
        ['fn', 'web', 'sync', 'twoWay'],
      ],
    });
    expect(fired(doc, 'direct-compute-access')).toEqual([
      ['user', 'ecs'],
      ['web', 'fn'],
    ]);
  });

  test('near miss: through API Gateway, or compute pushing to the user one way', () => {
    const doc = build({
      nodes: { user: 'generic.user', api: 'aws.api-gateway', fn: 'aws.lambda', push: 'aws.ecs' },
      edges: [
        ['user', 'api'],
        ['api', 'fn'],
        ['push', 'user', 'async'],
      ],
    });
    expect(fired(doc, 'direct-compute-access')).toEqual([]);
  });
});

describe('single-instance-compute', () => {
  const nodes: Record<string, NodeSpec> = {
    vpc: 'group.vpc',
    asg: { kind: 'group.asg', parent: 'vpc' },
    lone: 'aws.ecs',
    scaled: { kind: 'aws.ec2', parent: 'asg' },
    pair: { kind: 'aws.eks', props: { instances: 2 } },
    balanced: 'generic.service',
    alb: 'aws.elb',
    fn: 'aws.lambda',
  };
  const edges: EdgeSpec[] = [['alb', 'balanced']];

  test('fires on one-instance compute with no ALB in front and no Auto Scaling group, when q11 is answered', () => {
    expect(fired(build({ nodes, edges, answers: { q11: '99.95%' } }), 'single-instance-compute')).toEqual([['lone']]);
  });

  test('near miss: q11 unanswered turns it off (and says so)', () => {
    const doc = build({ nodes, edges });
    expect(fired(doc, 'single-instance-compute')).toEqual([]);
    expect(lint(doc).find((f) => f.key === 'unanswered-question:q11')?.message).toBe(
      'Question 11 (uptime) is unanswered: the single-instance and Multi-AZ checks are off',
    );
  });
});

describe('public-api-without-identity', () => {
  const nodes = {
    user: 'generic.user',
    dns: 'aws.route53',
    cdn: 'aws.cloudfront',
    api: 'aws.api-gateway',
    internal: 'aws.elb',
    fn: 'aws.lambda',
  };
  const edges: EdgeSpec[] = [
    ['user', 'dns'],
    ['dns', 'cdn'],
    ['cdn', 'api'],
    ['api', 'internal'],
    ['internal', 'fn'],
  ];

  test('fires on the API entry users reach through DNS and CDN, not on the load balancer behind it', () => {
    expect(fired(build({ nodes, edges }), 'public-api-without-identity')).toEqual([['api']]);
  });

  test('near miss: Cognito on the API, or on the user side', () => {
    const onApi = build({ nodes: { ...nodes, auth: 'aws.cognito' }, edges: [...edges, ['api', 'auth']] });
    const onUser = build({ nodes: { ...nodes, auth: 'aws.cognito' }, edges: [...edges, ['user', 'auth']] });
    expect(fired(onApi, 'public-api-without-identity')).toEqual([]);
    expect(fired(onUser, 'public-api-without-identity')).toEqual([]);
  });

  test('near miss: an entry marked not public, and one only other services call', () => {
    const doc = build({
      nodes: {
        user: 'generic.user',
        lb: { kind: 'aws.elb', props: { public: false } },
        fn: 'aws.lambda',
        api: 'aws.api-gateway',
      },
      edges: [
        ['user', 'lb'],
        ['fn', 'api'],
      ],
    });
    expect(fired(doc, 'public-api-without-identity')).toEqual([]);
  });
});

describe('data-in-public-subnet', () => {
  test('fires on relational databases and caches anywhere inside a public subnet', () => {
    const doc = build({
      nodes: {
        vpc: 'group.vpc',
        pub: { kind: 'group.public-subnet', parent: 'vpc' },
        asg: { kind: 'group.asg', parent: 'pub' },
        priv: { kind: 'group.private-subnet', parent: 'vpc' },
        db: { kind: 'aws.rds', parent: 'pub' },
        cache: { kind: 'generic.cache', parent: 'asg' },
        safe: { kind: 'aws.elasticache', parent: 'priv' },
        table: { kind: 'aws.dynamodb', parent: 'pub' },
        lb: { kind: 'aws.elb', parent: 'pub' },
      },
    });
    expect(fired(doc, 'data-in-public-subnet')).toEqual([['cache'], ['db']]);
  });
});

describe('single-az-database', () => {
  const nodes: Record<string, NodeSpec> = {
    plain: 'aws.rds',
    multi: { kind: 'aws.rds', props: { multiAz: true } },
    replicas: { kind: 'generic.database', props: { instances: 3 } },
    table: 'aws.dynamodb',
  };

  test('fires on a one-instance database without Multi-AZ when q11 is answered', () => {
    expect(fired(build({ nodes, answers: { q11: 'four nines' } }), 'single-az-database')).toEqual([['plain']]);
  });

  test('near miss: q11 unanswered', () => {
    expect(fired(build({ nodes }), 'single-az-database')).toEqual([]);
  });
});

describe('queue-without-dlq', () => {
  test('fires on consumed queues with no dead-letter queue; a queue polled by a two-way edge is consumed', () => {
    const doc = build({
      nodes: { producer: 'aws.lambda', q: 'aws.sqs', consumer: 'aws.ecs', polled: 'generic.queue', worker: 'aws.ec2' },
      edges: [
        ['producer', 'q', 'async'],
        ['q', 'consumer', 'async'],
        ['worker', 'polled', 'sync', 'twoWay'],
      ],
    });
    expect(fired(doc, 'queue-without-dlq')).toEqual([['polled'], ['q']]);
  });

  test('near miss: a queue with a DLQ, a queue nobody consumes, and the DLQ itself', () => {
    const doc = build({
      nodes: {
        q: 'aws.sqs',
        dlq: { kind: 'aws.sqs', label: 'orders-dead-letter' },
        consumer: 'aws.lambda',
        sink: 'generic.queue',
        producer: 'aws.lambda',
      },
      edges: [
        ['q', 'consumer', 'async'],
        ['q', 'dlq', 'async'],
        ['producer', 'sink', 'async'],
      ],
    });
    expect(fired(doc, 'queue-without-dlq')).toEqual([]);
  });
});

describe('no-monitoring', () => {
  test('fires once, on all the compute, with three compute nodes and no CloudWatch', () => {
    const doc = build({ nodes: { a: 'aws.lambda', b: 'aws.ecs', c: 'generic.service', db: 'aws.rds' } });
    expect(lint(doc).filter((f) => f.rule === 'no-monitoring')).toMatchObject([
      { key: 'no-monitoring', nodes: ['a', 'b', 'c'] },
    ]);
  });

  test('near miss: two compute nodes, or CloudWatch present', () => {
    expect(fired(build({ nodes: { a: 'aws.lambda', b: 'aws.ecs' } }), 'no-monitoring')).toEqual([]);
    const watched = build({ nodes: { a: 'aws.lambda', b: 'aws.ecs', c: 'aws.ec2', cw: 'aws.cloudwatch' } });
    expect(fired(watched, 'no-monitoring')).toEqual([]);
  });
});

describe('deep-sync-chain', () => {
  const chain = (hops: number, style: EdgeStyle = 'sync') => {
    const ids = ['user', ...Array.from({ length: hops }, (_, i) => `s${i}`)];
    const nodes = Object.fromEntries(ids.map((id, i) => [id, i === 0 ? 'generic.user' : 'generic.service']));
    const edges = ids.slice(1).map((id, i): EdgeSpec => [ids[i]!, id, i === 2 ? style : 'sync']);
    return { nodes, edges, answers: { q9: '300 ms p99' } };
  };

  test('fires on a chain of five sync hops from a user, naming the path in order', () => {
    const doc = build(chain(5));
    const [finding] = lint(doc).filter((f) => f.rule === 'deep-sync-chain');
    expect(finding?.nodes).toEqual(['user', 's0', 's1', 's2', 's3', 's4']);
    expect(finding?.edges).toHaveLength(5);
    expect(finding?.message).toBe(
      'A chain of more than 4 synchronous calls: User → Service → Service → Service → Service → Service',
    );
  });

  test('near miss: four hops, an async hop in the chain, or q9 unanswered', () => {
    expect(fired(build(chain(4)), 'deep-sync-chain')).toEqual([]);
    expect(fired(build(chain(5, 'async')), 'deep-sync-chain')).toEqual([]);
    expect(fired(build({ ...chain(5), answers: {} }), 'deep-sync-chain')).toEqual([]);
  });

  test('maxSyncHops sets the limit; a sync cycle ends', () => {
    const spec = chain(3);
    expect(fired(build(spec), 'deep-sync-chain', 2)).toHaveLength(1);
    const loop = build({ ...spec, edges: [...spec.edges, ['s2', 's0'], ['s1', 'user']] });
    expect(fired(loop, 'deep-sync-chain')).toEqual([]);
  });
});

describe('uncached-reads', () => {
  const nodes = { user: 'generic.user', api: 'aws.api-gateway', fn: 'aws.lambda', db: 'aws.rds' };
  const edges: EdgeSpec[] = [
    ['user', 'api'],
    ['api', 'fn'],
    ['fn', 'db', 'data'],
  ];

  test('fires on a database read with no cache on the way, when q4 says reads dominate', () => {
    expect(fired(build({ nodes, edges, answers: { q4: 'Read-heavy: 100x more reads' } }), 'uncached-reads')).toEqual([
      ['db'],
    ]);
  });

  test('near miss: cache-aside, a CDN on the path, or a write-heavy answer', () => {
    const answers = { q4: 'mostly reads' };
    const aside = build({ nodes: { ...nodes, cache: 'aws.elasticache' }, edges: [...edges, ['fn', 'cache']], answers });
    expect(fired(aside, 'uncached-reads')).toEqual([]);
    const cdn = build({
      nodes: { ...nodes, cdn: 'aws.cloudfront' },
      edges: [['user', 'cdn'], ['cdn', 'api'], ...edges.slice(1)],
      answers,
    });
    expect(fired(cdn, 'uncached-reads')).toEqual([]);
    expect(fired(build({ nodes, edges, answers: { q4: 'write-heavy' } }), 'uncached-reads')).toEqual([]);
  });

  test('isReadHeavy: phrases, ratios, then counting', () => {
    const cases: [string, boolean][] = [
      ['read-heavy', true],
      ['Reads dominate', true],
      ['mostly reads, some writes', true],
      ['100:1 reads to writes', true],
      ['1:10 read/write', false],
      ['users read feeds and read profiles, and write posts', true],
      ['write-heavy, but reads matter', false],
      ['reads and writes alike', false],
      ['', false],
    ];
    for (const [answer, expected] of cases) expect(isReadHeavy(answer), answer).toBe(expected);
  });
});

describe('unanswered-question', () => {
  test('one info per blank question that switches a check off, only when the board has something to check', () => {
    expect(lint(build({ nodes: { note: 'note' } }))).toEqual([]);
    const doc = build({
      nodes: { user: 'generic.user', fn: 'aws.ecs', db: 'aws.rds', auth: 'aws.cognito' },
      edges: [
        ['user', 'auth'],
        ['user', 'fn'],
        ['fn', 'db', 'data'],
      ],
    });
    const infos = lint(doc).filter((f) => f.severity === 'info');
    expect(infos.map((f) => [f.key, f.guide.line])).toEqual([
      ['unanswered-question:q11', 14],
      ['unanswered-question:q4', 6],
      ['unanswered-question:q9', 11],
    ]);
    expect(infos.map((f) => f.message)).toContain(
      'Question 9 (latency) is unanswered: the synchronous-chain check is off',
    );
    for (const [q, a] of Object.entries(ALL_ANSWERED)) setAnswer(doc, q, a);
    expect(lint(doc).filter((f) => f.severity === 'info')).toEqual([]);
  });
});

describe('findings', () => {
  const spec = {
    nodes: {
      user: { kind: 'generic.user', label: 'Shopper\nwith a very long name that goes on and on and on' },
      api: 'aws.api-gateway',
      svc: 'aws.ecs',
      db: 'aws.rds',
      q: 'aws.sqs',
      w: 'aws.lambda',
      w2: 'aws.lambda',
    },
    edges: [
      ['user', 'svc'],
      ['user', 'api'],
      ['api', 'svc'],
      ['svc', 'db', 'data'],
      ['svc', 'q', 'async'],
      ['q', 'w', 'async'],
      ['q', 'w2', 'async'],
    ] as EdgeSpec[],
    answers: { q4: 'read-heavy', q9: 'fast', q11: '99.9' },
  };

  test('are sorted by severity, then rule, then key, with unique keys and one-line messages', () => {
    const findings = lint(build(spec));
    expect(findings.map((f) => `${f.severity} ${f.key}`)).toEqual([
      'error single-instance-compute:svc',
      'warning direct-compute-access:svc,user',
      'warning no-monitoring',
      'warning public-api-without-identity:api',
      'warning queue-without-dlq:q',
      'warning single-az-database:db',
      'warning uncached-reads:db',
    ]);
    for (const f of findings) expect(f.message).not.toMatch(/\n/);
    expect(findings[1]?.message).toBe(
      'Shopper with a very long name that goes… calls ECS (Fargate) directly, with no load balancer or API gateway in front',
    );
  });

  test('openFindings leaves out the dismissed ones', () => {
    const doc = build(spec);
    dismissFinding(doc, 'no-monitoring', { reason: 'later', by: 'Ada', at: 1 });
    const board = readBoard(doc);
    const open = openFindings(lintBoard(board), board.dismissals);
    expect(open.map((f) => f.key)).not.toContain('no-monitoring');
    expect(open).toHaveLength(lintBoard(board).length - 1);
  });
});

// ---- properties over generated boards ----

const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const KINDS = [...CATALOG.map((e) => e.id), 'bogus', ''];
const junkNumber = fc.oneof(fc.integer({ min: -2, max: 4 }), fc.constant(Number.NaN), fc.double());
const propsArb = fc.option(
  fc.record(
    { instances: junkNumber, multiAz: fc.oneof(fc.boolean(), fc.constant('yes')), public: fc.boolean() },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const nodeArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    kind: fc.constantFrom(...KINDS),
    x: fc.integer(),
    y: fc.integer(),
    z: fc.integer(),
    parent: fc.option(fc.constantFrom(...IDS, 'missing'), { nil: undefined }),
    label: fc.oneof(fc.string(), fc.constantFrom('DLQ', 'orders dead letter'), fc.constant(undefined)),
    props: propsArb,
  });
const boardArb = fc
  .record({
    ids: fc.subarray(IDS, { minLength: 1 }),
    edges: fc.array(
      fc.record({
        source: fc.constantFrom(...IDS, 'missing'),
        target: fc.constantFrom(...IDS),
        style: fc.constantFrom<string>(...EDGE_STYLES, 'junk'),
        twoWay: fc.option(fc.constant(true as const), { nil: undefined }),
        label: fc.string(),
      }),
      { maxLength: 30 },
    ),
    answers: fc.dictionary(
      fc.constantFrom('q4', 'q9', 'q11'),
      fc.oneof(fc.string(), fc.constantFrom('read-heavy', '99.9%')),
    ),
    maxSyncHops: fc.option(fc.oneof(fc.integer({ min: -1, max: 6 }), fc.constant(Number.NaN)), { nil: undefined }),
  })
  .chain(({ ids, edges, answers, maxSyncHops }) =>
    fc.tuple(...ids.map(nodeArb)).map((nodes) => ({
      board: {
        title: 'junk',
        schemaVersion: 2,
        createdAt: 0,
        nodes,
        edges: edges.map((e, i) => ({ ...e, id: `e${i}` })),
        answers,
        dismissals: {},
        problems: [],
      } as unknown as Board,
      maxSyncHops,
    })),
  );

const shuffled = (board: Board): Board => ({
  ...board,
  nodes: [...board.nodes].reverse(),
  edges: [...board.edges].reverse(),
});

describe('lintBoard on any board', () => {
  test(`never throws, is deterministic and independent of record order, and refers only to what is there (seed ${SEED})`, () => {
    fc.assert(
      fc.property(boardArb, ({ board, maxSyncHops }) => {
        const findings: Finding[] = lintBoard(board, { maxSyncHops });
        expect(lintBoard(board, { maxSyncHops })).toEqual(findings);
        expect(lintBoard(shuffled(board), { maxSyncHops })).toEqual(findings);
        const keys = findings.map((f) => f.key);
        expect(new Set(keys).size).toBe(keys.length);
        const nodeIds = new Set(board.nodes.map((n) => n.id as string));
        const edgeIds = new Set(board.edges.map((e) => e.id as string));
        for (const f of findings) {
          expect(f.nodes.every((id) => nodeIds.has(id))).toBe(true);
          expect(f.edges.every((id) => edgeIds.has(id))).toBe(true);
          expect(f.message).not.toMatch(/\n/);
          expect(guideLines[f.guide.line - 1]).toContain(f.guide.quote);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test(`never throws on values that are not boards at all (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        expect(Array.isArray(lintBoard(junk as Board))).toBe(true);
        expect(Array.isArray(lintBoard({ nodes: junk, edges: junk, answers: junk } as Board))).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  test('self-referencing and looping containers end', () => {
    const node = (id: string, kind: string, parent: string) => ({ id, kind, parent, x: 0, y: 0, z: 0, label: '' });
    const board = {
      nodes: [
        node('s', 'group.public-subnet', 's'),
        node('x', 'group.public-subnet', 'y'),
        node('y', 'group.asg', 'x'),
        node('db', 'aws.rds', 'y'),
      ],
      edges: [],
      answers: {},
    } as unknown as Board;
    expect(lintBoard(board).map((f) => f.key)).toEqual(['data-in-public-subnet:db', 'unanswered-question:q11']);
  });

  test('a wide layered graph with no long chain is searched within a bounded time', () => {
    const layers = [1, 2, 3, 4].map((l) => Array.from({ length: 25 }, (_, i) => `l${l}-${i}`));
    const board = {
      nodes: [{ id: 'user', kind: 'generic.user' }, ...layers.flat().map((id) => ({ id, kind: 'generic.service' }))],
      edges: [['user'], ...layers].flatMap((from, l) =>
        from.flatMap((s) => (layers[l] ?? []).map((t) => ({ id: `${s}>${t}`, source: s, target: t, style: 'sync' }))),
      ),
      answers: { q9: 'fast' },
    } as unknown as Board;
    const started = performance.now();
    expect(lintBoard(board).filter((f) => f.rule === 'deep-sync-chain')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('a dense synchronous mesh is searched within a bounded time', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const board = {
      nodes: [{ id: 'user', kind: 'generic.user' }, ...ids.map((id) => ({ id, kind: 'generic.service' }))],
      edges: ['user', ...ids].flatMap((s) =>
        ids.filter((t) => t !== s).map((t) => ({ id: `${s}-${t}` as EdgeId, source: s, target: t, style: 'sync' })),
      ),
      answers: { q9: 'fast' },
    } as unknown as Board;
    const started = performance.now();
    const findings = lintBoard(board, { maxSyncHops: 50 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(findings.some((f) => f.rule === 'deep-sync-chain')).toBe(true);
  });
});

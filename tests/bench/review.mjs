// Design-review benchmark: the lint rules and the load estimate on a 1,000-node,
// 1,200-edge board, the work the review panel redoes after each edit.
//
// The board, built with shared's operations in a Y.Doc and read with readBoard (seeded,
// the same every run): 40 network containers (VPCs, subnets, AZs) holding about half of
// the components; 20 users and clients; 60 entry points (API Gateway, CloudFront, ELB,
// Route 53); 400 services (Lambda, ECS, EC2, generic); 140 queues, topics and streams;
// 200 stores; 80 notes, shapes and monitoring parts. Edges run mostly tier to the next,
// with some service-to-service calls (a few of them loops), settings on a fifth of the
// nodes and traffic figures on a fifth of the edges, and question 5 answered.
//
// Each run times lintBoard(board) then estimateLoad(board) on the same read board: 20 runs
// after 5 warm-ups, median and max against the goal of 20 ms for the two together.
// shared is bundled from its TypeScript sources (as bench/client.mjs does), with this
// process's yjs. Settings: BENCH_REVIEW_RUNS (20). Figures go to .tmp/bench-review.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { int, log, machineFacts, now, waitForQuiet } from './lib/harness.mjs';
import { ROOT } from './lib/servers.mjs';
import { importSharedSource } from './lib/sharedSource.mjs';
import { round, table } from './lib/stats.mjs';

const RUNS = int('BENCH_REVIEW_RUNS', 20);
const WARMUP = 5;
const GOAL_MS = 20;

/** shared's operations and the review, bundled for Node from TypeScript with one yjs. */
async function loadShared() {
  return importSharedSource(
    [
      "export { addNode, connect, initBoard, readBoard, setAnswer, setEdgeProps, setNodeProps } from '@archboard/shared';",
      "export { lintBoard } from '../shared/src/review/lint.ts';",
      "export { estimateLoad } from '../shared/src/review/estimate.ts';",
    ].join('\n'),
  );
}

/** mulberry32: a small seeded generator, so every run builds the same board. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = [
  { name: 'users', count: 20, kinds: ['generic.user', 'generic.client'] },
  { name: 'entry', count: 60, kinds: ['aws.api-gateway', 'aws.cloudfront', 'aws.elb', 'aws.route53'] },
  { name: 'services', count: 400, kinds: ['aws.lambda', 'aws.ecs', 'aws.ec2', 'generic.service'] },
  {
    name: 'messaging',
    count: 140,
    kinds: ['aws.sqs', 'aws.sns', 'aws.kinesis', 'aws.eventbridge', 'aws.msk', 'generic.queue'],
  },
  {
    name: 'stores',
    count: 200,
    kinds: ['aws.dynamodb', 'aws.rds', 'aws.elasticache', 'aws.s3', 'generic.database', 'generic.cache'],
  },
];
const EXTRAS = ['note', 'shape.rect', 'shape.text', 'aws.cloudwatch', 'aws.cognito', 'aws.iam', 'aws.step-functions'];
const CONTAINERS = ['group.vpc', 'group.private-subnet', 'group.public-subnet', 'group.az'];
const STYLES = ['sync', 'sync', 'async', 'data', 'replication'];

/** The bench board, in a fresh doc: see the header. */
function benchBoard(shared) {
  const { initBoard, setAnswer, setEdgeProps, setNodeProps } = shared;
  // Ids given in order, so the board (and the order of its edges) is the same every run.
  let ids = 0;
  const addNode = (doc, input) => shared.addNode(doc, { id: `n${String(ids++).padStart(4, '0')}`, ...input });
  const connect = (doc, input) => shared.connect(doc, { id: `e${String(ids++).padStart(5, '0')}`, ...input });
  const rnd = random(20_240_601);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const value = (result) => {
    if (!result.ok) throw new Error(`bench board: ${result.error.code} ${result.error.detail ?? ''}`);
    return result.value;
  };
  const doc = new Y.Doc();
  initBoard(doc, 'Review bench', 0);
  setAnswer(doc, 'q5', 'About 5,000 rps on average, 20k at peak');

  // 40 containers: 10 VPCs, each with an AZ and two subnets inside.
  const subnets = [];
  let count = 0;
  for (let v = 0; v < 10; v++) {
    const vpc = value(addNode(doc, { kind: 'group.vpc', x: v * 900, y: 0, w: 860, h: 2000 }));
    value(addNode(doc, { kind: CONTAINERS[3], x: 10, y: 10, w: 400, h: 900, parent: vpc }));
    for (const kind of CONTAINERS.slice(1, 3))
      subnets.push(value(addNode(doc, { kind, x: 20, y: 20 + subnets.length * 5, w: 380, h: 800, parent: vpc })));
    count += 4;
  }

  // 820 components in five tiers, half of the services and stores inside a subnet.
  const tiers = TIERS.map((tier, t) => {
    const ids = [];
    for (let i = 0; i < tier.count; i++) {
      const kind = tier.kinds[i % tier.kinds.length];
      const nested = (tier.name === 'services' || tier.name === 'stores') && rnd() < 0.5;
      const id = value(
        addNode(doc, {
          kind,
          x: t * 300,
          y: i * 40,
          label: `${tier.name} ${i}`,
          parent: nested ? pick(subnets) : undefined,
        }),
      );
      if (rnd() < 0.2) {
        const props = {};
        if (kind === 'aws.kinesis') props.shards = 1 + Math.floor(rnd() * 4);
        else if (kind === 'aws.msk') props.partitions = 1 + Math.floor(rnd() * 12);
        else if (['aws.ecs', 'aws.ec2', 'generic.service', 'aws.rds', 'generic.database'].includes(kind)) {
          props.instances = 1 + Math.floor(rnd() * 6);
          props.multiAz = rnd() < 0.5;
        } else if (['aws.lambda', 'aws.dynamodb', 'aws.sqs'].includes(kind))
          props.capacityRps = 1000 * (1 + Math.floor(rnd() * 20));
        value(setNodeProps(doc, id, props));
      }
      ids.push(id);
    }
    count += tier.count;
    return ids;
  });

  // 140 free-standing extras: notes, shapes, text, monitoring and identity.
  for (let i = 0; count < 1000; i++, count++)
    value(addNode(doc, { kind: EXTRAS[i % EXTRAS.length], x: -400, y: i * 60 }));

  // 1,200 edges: mostly tier to tier + 1 (users to entry, entry to services, services to
  // messaging and stores, messaging back to services), some service-to-service calls.
  // Their sum: 20 + 60 + 240 + 220 + 180 + 380 + 80 + 20.
  const [users, entry, services, messaging, stores] = tiers;
  const plans = [
    [users, entry, 60],
    [entry, services, 240],
    [services, messaging, 220],
    [messaging, services, 180],
    [services, stores, 380],
    [services, services, 80],
    [stores, stores, 20],
  ];
  // First 10 pairs of services that call each other back: loops the estimate must report.
  let edges = 0;
  const paired = new Set();
  while (edges < 20) {
    const [a, b] = [pick(services), pick(services)];
    if (a === b || paired.has(a) || paired.has(b)) continue;
    paired.add(a).add(b);
    value(connect(doc, { source: a, target: b }));
    value(connect(doc, { source: b, target: a }));
    edges += 2;
  }
  for (const [from, to, n] of plans) {
    for (let made = 0; made < n;) {
      const result = connect(doc, { source: pick(from), target: pick(to), style: pick(STYLES) });
      if (!result.ok) continue; // a self-loop or a duplicate: draw again
      made++;
      edges++;
      if (rnd() < 0.2) {
        const props = { payloadKB: 1 + Math.floor(rnd() * 32) };
        if (rnd() < 0.3) props.rps = 100 * Math.floor(rnd() * 50);
        if (rnd() < 0.3) props.fanOut = 1 + Math.floor(rnd() * 4);
        value(setEdgeProps(doc, result.value, props));
      }
    }
  }
  return { doc, nodes: count, edges };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const stats = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), max: sorted.at(-1) ?? NaN };
};

const busy = await waitForQuiet(30_000);
if (busy >= 25) log(`warning: the machine was ${busy}% busy with other work when the bench started`);
const shared = await loadShared();
const built = benchBoard(shared);
let t = now();
const board = shared.readBoard(built.doc);
const readMs = now() - t;
if (board.nodes.length !== 1000 || board.edges.length !== 1200 || board.problems.length > 0)
  throw new Error(
    `bench board: ${board.nodes.length} nodes, ${board.edges.length} edges, ${board.problems.length} problems`,
  );

const runs = [];
for (let run = 0; run < WARMUP + RUNS; run++) {
  t = now();
  const findings = shared.lintBoard(board);
  const lintMs = now() - t;
  t = now();
  const estimate = shared.estimateLoad(board);
  const estimateMs = now() - t;
  if (run >= WARMUP)
    runs.push({ lintMs, estimateMs, totalMs: lintMs + estimateMs, findings: findings.length, estimate });
}

const last = runs[runs.length - 1];
const col = (key) => stats(runs.map((r) => r[key]));
const total = col('totalMs');
const lint = col('lintMs');
const estimate = col('estimateMs');
log(
  `review bench: ${board.nodes.length} nodes, ${board.edges.length} edges; readBoard ${round(readMs, 1)} ms; ` +
    `${last.findings} findings, ${last.estimate.bottlenecks.length} bottlenecks, ${last.estimate.cycles.length} loops; ` +
    `${RUNS} runs after ${WARMUP} warm-ups`,
);
log(
  table([
    ['', 'median ms', 'max ms', 'goal'],
    ['lintBoard', round(lint.median, 2), round(lint.max, 2), ''],
    ['estimateLoad', round(estimate.median, 2), round(estimate.max, 2), ''],
    ['both', round(total.median, 2), round(total.max, 2), `≤ ${GOAL_MS}`],
  ]),
);
log(
  total.median > GOAL_MS
    ? `over the goal: median ${round(total.median, 1)} ms > ${GOAL_MS} ms`
    : total.max > GOAL_MS
      ? `median within the goal; the slowest run took ${round(total.max, 1)} ms (garbage collection or other work on the machine)`
      : `within the goal of ${GOAL_MS} ms, slowest run included`,
);
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const report = {
  machine: machineFacts(),
  board: { nodes: board.nodes.length, edges: board.edges.length, readMs },
  machineBusyPercent: busy,
  goalMs: GOAL_MS,
  lint,
  estimate,
  total,
  runs: runs.map(({ lintMs, estimateMs, totalMs }) => ({ lintMs, estimateMs, totalMs })),
};
writeFileSync(join(ROOT, '.tmp/bench-review.json'), `${JSON.stringify(report, null, 2)}\n`);
log('figures: .tmp/bench-review.json');

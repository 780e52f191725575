/**
 * The design review's architecture lint: rules over a read board (`readBoard`'s output),
 * each resting on a line of the guide (`./guide`). One rule of the module: `lintBoard` is a
 * pure function of the board that never throws and answers the same findings in the same
 * order for the same board, whatever it holds (a peer can write anything, and a board built
 * by hand need not have passed the reader), so every walk below is bounded and cycle-safe.
 *
 * Vocabulary the rules share:
 * - An edge carries traffic from `source` to `target`; a two-way edge carries it both ways.
 *   A `replication` edge carries no requests and is not followed by the reachability rules.
 * - Users are `generic.user` and `generic.client`; compute is Lambda, ECS, EKS, EC2 and
 *   `generic.service`; the ingress layer is Route 53, Global Accelerator, CloudFront, ELB and
 *   API Gateway.
 */
import { catalogEntry } from '../catalog/catalog';
import { nodeSettings } from '../catalog/settings';
import type { Board } from '../read/readBoard';
import type { EdgeId, NodeId } from '../schema/ids';
import type { BoardNode } from '../schema/nodeRecord';
import type { Dismissal } from '../schema/reviewRecord';
import { backward, containers, forward, toGraph, touching, type Graph, type Link } from './boardGraph';
import { GUIDE, type GuideRef } from './guide';

export type Severity = 'error' | 'warning' | 'info';

/** The automatic fixes `applyFix` knows. */
export type FixId = 'add-load-balancer' | 'add-cloudwatch' | 'add-dlq' | 'enable-multi-az';

/** The questions some rules need answered before they can judge the board. */
type GateQuestion = 'q4' | 'q9' | 'q11';

interface RuleMeta {
  severity: Severity;
  /** The guide line the rule rests on (the unanswered-question finding cites its question). */
  guide: GuideRef;
  fix?: FixId;
  /** The question that must be answered for the rule to run, and what the rule is called then. */
  gate?: { question: GateQuestion; check: string };
}

/** The rules, as data: severity, guide line, fix and gating question of each. */
export const LINT_RULES = {
  'data-in-public-subnet': { severity: 'error', guide: GUIDE.leastPrivilege },
  'single-instance-compute': {
    severity: 'error',
    guide: GUIDE.loadBalancer,
    fix: 'add-load-balancer',
    gate: { question: 'q11', check: 'single-instance' },
  },
  'direct-compute-access': { severity: 'warning', guide: GUIDE.apiGateway },
  'public-api-without-identity': { severity: 'warning', guide: GUIDE.cognito },
  'single-az-database': {
    severity: 'warning',
    guide: GUIDE.multiAz,
    fix: 'enable-multi-az',
    gate: { question: 'q11', check: 'Multi-AZ' },
  },
  'queue-without-dlq': { severity: 'warning', guide: GUIDE.deadLetter, fix: 'add-dlq' },
  'no-monitoring': { severity: 'warning', guide: GUIDE.monitoring, fix: 'add-cloudwatch' },
  'deep-sync-chain': {
    severity: 'warning',
    guide: GUIDE.q9,
    gate: { question: 'q9', check: 'synchronous-chain' },
  },
  'uncached-reads': { severity: 'warning', guide: GUIDE.cache, gate: { question: 'q4', check: 'read-cache' } },
  'unanswered-question': { severity: 'info', guide: GUIDE.q11 },
} as const satisfies Record<string, RuleMeta>;

export type RuleId = keyof typeof LINT_RULES;

const QUESTIONS: Record<GateQuestion, { number: number; topic: string; guide: GuideRef }> = {
  q4: { number: 4, topic: 'reads vs writes', guide: GUIDE.q4 },
  q9: { number: 9, topic: 'latency', guide: GUIDE.q9 },
  q11: { number: 11, topic: 'uptime', guide: GUIDE.q11 },
};

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /**
   * Stable while the finding's subject stays: the rule, then the sorted ids of the nodes it
   * is about (`rule:a,b`), or the rule alone for a board-wide finding, or the question for
   * an unanswered one (`unanswered-question:q11`). Dismissals are stored under it.
   */
  key: string;
  /** One line, naming the nodes by label. */
  message: string;
  /** The nodes to highlight: the subject first (a chain in its order). */
  nodes: NodeId[];
  edges: EdgeId[];
  guide: GuideRef;
  suggestion: string;
  fix?: FixId;
}

export interface LintOptions {
  /** The longest synchronous chain, in hops from a user, that passes; default 4. */
  maxSyncHops?: number;
}

export const DEFAULT_MAX_SYNC_HOPS = 4;
const MAX_SYNC_HOPS_CAP = 50;
/** Edge steps the synchronous-chain search may take on one board; beyond, it gives up quietly. */
const SYNC_SEARCH_BUDGET = 20_000;

const kinds = (...ids: string[]): ReadonlySet<string> => new Set(ids);
const USERS = kinds('generic.user', 'generic.client');
const COMPUTE = kinds('aws.lambda', 'aws.ecs', 'aws.eks', 'aws.ec2', 'generic.service');
/** Ingress a request passes through on its way to an API entry. */
const EDGE_PASS = kinds('aws.route53', 'aws.global-accelerator', 'aws.cloudfront');
const API_ENTRY = kinds('aws.api-gateway', 'aws.elb');
const RELATIONAL = kinds('aws.rds', 'generic.database');
const CACHES = kinds('aws.elasticache', 'generic.cache');
/** What serves reads without reaching the database: caches, and the CDN. */
const READ_CACHES = kinds('aws.elasticache', 'generic.cache', 'aws.cloudfront');
const DATABASES = kinds('aws.rds', 'aws.dynamodb', 'generic.database');
const QUEUES = kinds('aws.sqs', 'generic.queue');

/** A queue is a dead-letter queue when its label says so: "DLQ" or "dead letter" anywhere. */
export const isDeadLetterLabel = (label: string): boolean => /dlq|dead[\s_-]*letters?/i.test(label);

/**
 * Whether question 4's answer says reads dominate: a phrase ("read-heavy", "mostly reads",
 * "reads dominate"), else a ratio ("100:1 reads to writes"), else more mentions of reading
 * than of writing. A phrase saying writes dominate wins over everything.
 */
export function isReadHeavy(answer: string): boolean {
  const text = answer.toLowerCase();
  if (/write[\s-]*(heavy|intensive|mostly|dominant|dominated)|mostly writes|writes dominate/.test(text)) return false;
  if (/read[\s-]*(heavy|intensive|mostly|dominant|dominated)|mostly reads|reads dominate/.test(text)) return true;
  const ratio = /(\d+(?:\.\d+)?)\s*(?::|to)\s*(\d+(?:\.\d+)?)\s*(?:reads?\s*(?::|\/|to|vs\.?)\s*writes?)/.exec(text);
  if (ratio) return Number(ratio[1]) > Number(ratio[2]);
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  return count(/\bread(s|ing)?\b/g) > count(/\bwrit(e|es|ing)\b/g);
}

const labelOf = (node: BoardNode): string => (typeof node.label === 'string' ? node.label : '');

/** A node's name for a one-line message: its label on one line, or its catalogue name. */
function name(node: BoardNode): string {
  const label = labelOf(node).replace(/\s+/g, ' ').trim();
  const text = label || catalogEntry(node.kind)?.label || node.kind;
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

const answered = (g: Graph, question: string): boolean => {
  const answer = g.answers[question];
  return typeof answer === 'string' && answer.trim() !== '';
};

const of = (g: Graph, set: ReadonlySet<string>) => g.nodes.filter((n) => set.has(n.kind));
const instances = (node: BoardNode) => nodeSettings(node).instances;
const single = (node: BoardNode) => !((instances(node) ?? 1) >= 2);
const notReplication = (link: Link) => link.edge.style !== 'replication';

type Draft = Omit<Finding, 'severity' | 'key' | 'guide' | 'fix' | 'edges'> & { edges?: EdgeId[]; subject?: string[] };

function finding(draft: Draft): Finding {
  const meta: RuleMeta = LINT_RULES[draft.rule];
  const subject = draft.subject ?? draft.nodes;
  const { subject: _subject, ...rest } = draft;
  const key = subject.length ? `${draft.rule}:${[...subject].sort().join(',')}` : draft.rule;
  const out: Finding = { ...rest, severity: meta.severity, key, edges: draft.edges ?? [], guide: meta.guide };
  if (meta.fix) out.fix = meta.fix;
  return out;
}

/** One finding per edge on which a user or client calls compute itself (a two-way edge either way). */
function directComputeAccess(g: Graph): Finding[] {
  return of(g, USERS).flatMap((user) =>
    forward(g, user.id)
      .filter(({ other }) => COMPUTE.has(other.kind))
      .map(({ edge, other }) =>
        finding({
          rule: 'direct-compute-access',
          nodes: [user.id, other.id],
          edges: [edge.id],
          message: `${name(user)} calls ${name(other)} directly, with no load balancer or API gateway in front`,
          suggestion: 'Put an API Gateway or a load balancer between them (behind Route 53 or CloudFront if public).',
        }),
      ),
  );
}

/**
 * Compute that takes an instance count (not Lambda, which scales itself) running fewer than
 * two, with no ELB calling it and no Auto Scaling group around it.
 */
function singleInstanceCompute(g: Graph): Finding[] {
  return of(g, COMPUTE)
    .filter((node) => instances(node) !== undefined && single(node))
    .filter((node) => !backward(g, node.id).some(({ other }) => other.kind === 'aws.elb'))
    .filter((node) => !containers(g, node).some((c) => c.kind === 'group.asg'))
    .map((node) =>
      finding({
        rule: 'single-instance-compute',
        nodes: [node.id],
        message: `${name(node)} runs as one instance with no load balancer in front and no Auto Scaling group`,
        suggestion: 'Run two or more instances behind a load balancer (ALB), or put it in an Auto Scaling group.',
      }),
    );
}

/**
 * An API Gateway or ELB (not marked `public: false`) that a user reaches directly or through
 * Route 53, Global Accelerator and CloudFront, with Cognito joined by an edge to neither it
 * nor anything on that user side.
 */
function publicApiWithoutIdentity(g: Graph): Finding[] {
  // For each entry, the user side that reaches it: the users and the DNS/CDN nodes on the way.
  const userSide = new Map<string, Set<string>>();
  for (const user of of(g, USERS)) {
    const seen = new Set<string>([user.id]);
    const entries = new Set<string>();
    const queue = [user];
    for (let at = queue.shift(); at; at = queue.shift()) {
      for (const { edge, other } of forward(g, at.id)) {
        if (edge.style === 'replication' || seen.has(other.id)) continue;
        if (API_ENTRY.has(other.kind) && nodeSettings(other).public !== false) entries.add(other.id);
        else if (EDGE_PASS.has(other.kind)) {
          seen.add(other.id);
          queue.push(other);
        }
      }
    }
    for (const entry of entries) {
      const side = userSide.get(entry) ?? new Set<string>();
      for (const id of seen) side.add(id);
      userSide.set(entry, side);
    }
  }
  const hasCognito = (id: string) => touching(g, id).some(({ other }) => other.kind === 'aws.cognito');
  return [...userSide]
    .filter(([entry, side]) => !hasCognito(entry) && ![...side].some(hasCognito))
    .map(([entry]) => g.byId.get(entry)!)
    .map((entry) =>
      finding({
        rule: 'public-api-without-identity',
        nodes: [entry.id],
        message: `${name(entry)} takes requests from users, but no identity provider (Cognito) is attached`,
        suggestion: 'Connect Amazon Cognito to the API (a JWT authorizer) or to the sign-in flow of the client.',
      }),
    );
}

function dataInPublicSubnet(g: Graph): Finding[] {
  return [...of(g, RELATIONAL), ...of(g, CACHES)].flatMap((node) => {
    const subnet = containers(g, node).find((c) => c.kind === 'group.public-subnet');
    if (!subnet) return [];
    return finding({
      rule: 'data-in-public-subnet',
      nodes: [node.id],
      message: `${name(node)} sits inside ${name(subnet)}, a public subnet`,
      suggestion: 'Move it into a private subnet; only load balancers and gateways belong in a public one.',
    });
  });
}

function singleAzDatabase(g: Graph): Finding[] {
  return of(g, RELATIONAL)
    .filter((node) => single(node) && nodeSettings(node).multiAz !== true)
    .map((node) =>
      finding({
        rule: 'single-az-database',
        nodes: [node.id],
        message: `${name(node)} is one instance in one availability zone`,
        suggestion: 'Turn on Multi-AZ (a standby in another zone), or add read replicas.',
      }),
    );
}

/**
 * A queue is consumed when it has an outgoing edge to something that is not a dead-letter
 * queue, or a two-way edge with compute (polling drawn both ways). An edge into a queue is a
 * producer. It has a DLQ when an edge goes from it to a queue labelled as one. A DLQ needs none.
 */
function queueWithoutDlq(g: Graph): Finding[] {
  const isDlq = (node: BoardNode) => QUEUES.has(node.kind) && isDeadLetterLabel(labelOf(node));
  return of(g, QUEUES)
    .filter((queue) => !isDlq(queue))
    .filter((queue) => {
      const out = (g.out.get(queue.id) ?? [])
        .filter((e) => e.style !== 'replication')
        .map((e) => g.byId.get(e.target)!);
      const polled = touching(g, queue.id).some(({ edge, other }) => edge.twoWay && COMPUTE.has(other.kind));
      return (out.some((n) => !isDlq(n)) || polled) && !out.some(isDlq);
    })
    .map((queue) =>
      finding({
        rule: 'queue-without-dlq',
        nodes: [queue.id],
        message: `${name(queue)} is consumed but has no dead-letter queue`,
        suggestion: 'Add a dead-letter queue so that messages that keep failing are set aside, not retried forever.',
      }),
    );
}

function noMonitoring(g: Graph): Finding[] {
  const compute = of(g, COMPUTE);
  if (compute.length < 3 || g.nodes.some((n) => n.kind === 'aws.cloudwatch')) return [];
  return [
    finding({
      rule: 'no-monitoring',
      nodes: compute.map((n) => n.id),
      subject: [],
      message: `${compute.length} compute components and no monitoring (CloudWatch)`,
      suggestion: 'Add Amazon CloudWatch for metrics, logs and alarms.',
    }),
  ];
}

/**
 * From each user, a depth-first search along `sync` edges (one way only: a two-way edge is
 * a call and its reply) for a simple path longer than `maxHops`. Paths never revisit a node,
 * so cycles end; the search shares one step budget, so a dense board cannot stall it.
 */
function deepSyncChains(g: Graph, maxHops: number): Finding[] {
  let budget = SYNC_SEARCH_BUDGET;
  const found: Finding[] = [];
  for (const start of of(g, USERS)) {
    const path: string[] = [start.id];
    const via: EdgeId[] = [];
    const dfs = (at: string): boolean => {
      if (via.length > maxHops) return true;
      for (const edge of g.out.get(at) ?? []) {
        if (edge.style !== 'sync' || path.includes(edge.target)) continue;
        if (budget-- <= 0) return false;
        path.push(edge.target);
        via.push(edge.id);
        if (dfs(edge.target)) return true;
        path.pop();
        via.pop();
      }
      return false;
    };
    if (!dfs(start.id)) continue;
    const nodes = path.map((id) => g.byId.get(id)!);
    found.push(
      finding({
        rule: 'deep-sync-chain',
        nodes: nodes.map((n) => n.id),
        edges: via,
        message: `A chain of more than ${maxHops} synchronous calls: ${nodes.map(name).join(' → ')}`,
        suggestion: 'Make a step asynchronous (a queue or an event), or call in parallel, to bound end-to-end latency.',
      }),
    );
  }
  return found;
}

/**
 * A database with an incoming edge is covered when a cache (or CloudFront) is on some path
 * to it, or when a node that calls it also talks to a cache (cache-aside).
 */
function uncachedReads(g: Graph): Finding[] {
  const covered = (db: BoardNode): boolean => {
    const readers = backward(g, db.id).filter(notReplication);
    if (readers.some(({ other }) => touching(g, other.id).some((l) => CACHES.has(l.other.kind)))) return true;
    const seen = new Set<string>([db.id]);
    const queue = readers.map((l) => l.other);
    for (let at = queue.shift(); at; at = queue.shift()) {
      if (seen.has(at.id)) continue;
      seen.add(at.id);
      if (READ_CACHES.has(at.kind)) return true;
      for (const { other } of backward(g, at.id).filter(notReplication)) queue.push(other);
    }
    return false;
  };
  return of(g, DATABASES)
    .filter((db) => backward(g, db.id).some(notReplication) && !covered(db))
    .map((db) =>
      finding({
        rule: 'uncached-reads',
        nodes: [db.id],
        message: `${name(db)} takes the reads of a read-heavy workload with no cache in front`,
        suggestion:
          'Add a cache (ElastiCache) beside the service that reads it, or CloudFront for cacheable responses.',
      }),
    );
}

/** Whether a gated rule would have anything to look at, were its question answered. */
const RELEVANT: Record<GateQuestion, (g: Graph) => boolean> = {
  q4: (g) => of(g, DATABASES).some((db) => backward(g, db.id).some(notReplication)),
  q9: (g) => of(g, USERS).some((u) => (g.out.get(u.id) ?? []).some((e) => e.style === 'sync')),
  q11: (g) => of(g, COMPUTE).some((n) => instances(n) !== undefined) || of(g, RELATIONAL).length > 0,
};

function unanswered(g: Graph, question: GateQuestion): Finding[] {
  if (answered(g, question) || !RELEVANT[question](g)) return [];
  const checks = Object.values(LINT_RULES as Record<string, RuleMeta>)
    .filter((meta) => meta.gate?.question === question)
    .map((meta) => meta.gate!.check);
  const { number, topic, guide } = QUESTIONS[question];
  const [them, are] = checks.length > 1 ? ['them', 'checks are'] : ['it', 'check is'];
  return [
    {
      ...finding({
        rule: 'unanswered-question',
        nodes: [],
        subject: [question],
        message: `Question ${number} (${topic}) is unanswered: the ${checks.join(' and ')} ${are} off`,
        suggestion: `Answer question ${number}, "${guide.quote}", to turn ${them} on.`,
      }),
      guide,
    },
  ];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function compare(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/**
 * Every finding on the board, sorted by severity, then rule, then key; one per key. Pure:
 * never throws and gives the same list for the same board, in any order of its nodes and
 * edges. Dismissals are not applied here (see `openFindings`).
 */
export function lintBoard(board: Board, options?: LintOptions): Finding[] {
  const g = toGraph(board);
  const hops = Number(options?.maxSyncHops ?? DEFAULT_MAX_SYNC_HOPS);
  const maxHops =
    Number.isFinite(hops) && hops >= 0 ? Math.min(Math.floor(hops), MAX_SYNC_HOPS_CAP) : DEFAULT_MAX_SYNC_HOPS;
  const q4 = g.answers.q4;
  const all = [
    ...directComputeAccess(g),
    ...publicApiWithoutIdentity(g),
    ...dataInPublicSubnet(g),
    ...queueWithoutDlq(g),
    ...noMonitoring(g),
    ...(answered(g, 'q11') ? [...singleInstanceCompute(g), ...singleAzDatabase(g)] : unanswered(g, 'q11')),
    ...(answered(g, 'q9') ? deepSyncChains(g, maxHops) : unanswered(g, 'q9')),
    ...(typeof q4 === 'string' && answered(g, 'q4') ? (isReadHeavy(q4) ? uncachedReads(g) : []) : unanswered(g, 'q4')),
  ];
  const unique = new Map<string, Finding>();
  for (const f of all) if (!unique.has(f.key)) unique.set(f.key, f);
  return [...unique.values()].sort(compare);
}

/** The findings nobody has dismissed on this board. */
export function openFindings(findings: readonly Finding[], dismissals: Record<string, Dismissal>): Finding[] {
  return findings.filter((f) => !Object.hasOwn(dismissals, f.key));
}

import { catalogEntry } from '../catalog/catalog';
import type { Board } from '../read/readBoard';
import type { BoardEdge } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import type { BoardNode } from '../schema/nodeRecord';
import { capacityOf } from './capacity';

/** What the estimate says about one component. */
export interface NodeLoad {
  /** Requests (or messages) per second reaching the node. */
  load: number;
  /** Requests per second the node can take; absent when no limit is modelled. */
  capacity?: number;
  /** load / capacity; absent with capacity. */
  utilisation?: number;
  /** Throughput-bound kinds: MB/s written to the node, and its MB/s limit. */
  mbPerSecond?: number;
  capacityMBps?: number;
}

export interface Bottleneck {
  node: NodeId;
  utilisation: number;
}

export interface Estimate {
  entryRps: number;
  /**
   * Where `entryRps` came from: question 5, the rps of edges leaving users, the rps of the
   * first edges that state one on a board without either (`inner`: its sum over edges whose
   * source nothing else feeds), or nowhere.
   */
  entrySource: 'q5' | 'edges' | 'inner' | 'none';
  /** Every component of the board (not containers, notes or shapes). */
  nodes: Record<NodeId, NodeLoad>;
  /** Requests per second on each edge that carries load (none for dropped back edges). */
  edges: Record<EdgeId, number>;
  /** Nodes at or above the threshold (default `BOTTLENECK_THRESHOLD`), most loaded first. */
  bottlenecks: Bottleneck[];
  /** One loop per back edge dropped, at most `MAX_CYCLES`. */
  cycles: NodeId[][];
}

export interface EstimateOptions {
  /** Multiplies all entry traffic: the UI offers 1, 10 and 100. Default 1. */
  growth?: number;
  /** Utilisation from which a node is a bottleneck. Default `BOTTLENECK_THRESHOLD`. */
  threshold?: number;
}

/** 80 %: the usual headroom rule; above it a spike or a lost instance tips the node over. */
export const BOTTLENECK_THRESHOLD = 0.8;
/** The growth steps of the review panel. */
export const GROWTHS: readonly number[] = [1, 10, 100];
/** Every figure is capped here: fan-outs chained on a board multiply without bound. */
export const MAX_RPS = 1e15;
export const MAX_CYCLES = 100;

const ENTRY_KINDS: ReadonlySet<string> = new Set(['generic.user', 'generic.client']);
const PUBSUB_KINDS: ReadonlySet<string> = new Set(['aws.sns', 'aws.eventbridge']);
const KB_PER_MB = 1000;

/** x as a finite number in [0, MAX_RPS]: NaN is 0, overflow is the cap. */
const bounded = (x: number): number => (x > 0 ? Math.min(x, MAX_RPS) : 0);
const positiveOr = (x: unknown, fallback: number): number =>
  typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : fallback;
const edgeRps = (edge: BoardEdge): number | undefined => {
  const rps = edge.props?.rps;
  return typeof rps === 'number' && Number.isFinite(rps) && rps >= 0 ? rps : undefined;
};

const carriesLoad = (node: BoardNode): boolean => catalogEntry(node.kind)?.shape === 'service';

const NUMBER =
  /(?<![\p{L}\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+)(?:e([+-]?\d{1,3}))?(?:\s*(thousand|million|billion|mn|bn|k|m|b)(?![\p{L}]))?/giu;
const SCALE: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};
const RATE_SHORT = /^\s*(rps|qps|tps|ops|rpm)\b/;
const RATE_PER =
  /^\s*(?:[\p{L}]+\s*){0,3}?(?:\/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b/u;
const RATE_ADVERB = /^\s*(?:[\p{L}]+\s*){0,3}?\b(hourly|daily)\b/u;
const PER_SECOND: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** The divisor that turns a number followed by `after` into per second; undefined: no rate unit. */
function rateDivisor(after: string): number | undefined {
  const short = RATE_SHORT.exec(after)?.[1];
  if (short) return short === 'rpm' ? 60 : 1;
  const per = RATE_PER.exec(after)?.[1];
  if (per) return PER_SECOND[per[0]!] ?? 1;
  const adverb = RATE_ADVERB.exec(after)?.[1];
  if (adverb) return adverb === 'hourly' ? 3600 : 86_400;
  return undefined;
}

/**
 * Requests per second from a free-text answer to question 5, or undefined when it holds no
 * number. Reads "2,000", "2k", "1.5 million", "1e4", "500 rps", "30k req/s", "6,000 per
 * minute", "10 million requests a day". Numbers followed by a rate unit win; among those,
 * or among all when none has a unit, the largest (an answer giving an average and a peak
 * is sized for the peak). Percentages and numbers inside words ("p99", "q5") are skipped.
 */
export function parseRequestRate(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const input = text.slice(0, 2000).toLowerCase();
  let tagged: number | undefined;
  let untagged: number | undefined;
  for (const match of input.matchAll(NUMBER)) {
    const end = (match.index ?? 0) + match[0].length;
    const after = input.slice(end, end + 48).split(/\d/)[0] ?? '';
    if (after.startsWith('%')) continue;
    const base = Number((match[1] ?? '').replace(/,/g, '')) * 10 ** Number(match[2] ?? 0);
    const value = base * (SCALE[match[3] ?? ''] ?? 1);
    if (!Number.isFinite(value)) continue;
    const divisor = rateDivisor(after);
    if (divisor === undefined) untagged = Math.max(untagged ?? 0, value);
    else tagged = Math.max(tagged ?? 0, value / divisor);
  }
  const rate = tagged ?? untagged;
  return rate === undefined ? undefined : bounded(rate);
}

/**
 * The components, and the edges between them that carry request load, by source. Nodes
 * are numbered in board order and the walk works on the numbers: a board of a thousand
 * nodes is estimated after every edit, and typed arrays keep that to a millisecond or two.
 */
interface LoadGraph {
  nodes: BoardNode[];
  /** Per node, its load edges in id order, and their targets' numbers. */
  out: BoardEdge[][];
  outTarget: number[][];
  indegree: Uint32Array;
  selfLoops: number[];
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function loadGraph(board: Board): LoadGraph {
  const nodes: BoardNode[] = [];
  const index = new Map<string, number>();
  for (const node of board.nodes ?? [])
    if (carriesLoad(node) && !index.has(node.id)) index.set(node.id, nodes.push(node) - 1);
  const out: BoardEdge[][] = nodes.map(() => []);
  const outTarget: number[][] = nodes.map(() => []);
  const indegree = new Uint32Array(nodes.length);
  const selfLoops: number[] = [];
  const seen = new Set<string>();
  let edges = board.edges ?? [];
  // readBoard gives them sorted already; a board built by hand may not be.
  if (edges.some((edge, i) => i > 0 && byId(edges[i - 1]!, edge) > 0)) edges = [...edges].sort(byId);
  for (const edge of edges) {
    if (edge.style === 'replication' || seen.has(edge.id)) continue;
    seen.add(edge.id);
    const from = index.get(edge.source);
    const to = index.get(edge.target);
    if (from === undefined || to === undefined) continue;
    if (from === to) {
      if (!selfLoops.includes(from)) selfLoops.push(from);
      continue;
    }
    out[from]!.push(edge);
    outTarget[from]!.push(to);
    indegree[to]!++;
  }
  return { nodes, out, outTarget, indegree, selfLoops };
}

/**
 * Depth-first from `starts` (then every other node): the back edges, the loop each closes,
 * and the nodes in reverse finishing order, a topological order once back edges are dropped.
 * Iterative: a peer can draw a chain thousands long.
 */
function walk(graph: LoadGraph, starts: number[]) {
  const n = graph.nodes.length;
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Uint8Array(n);
  const pathIndex = new Int32Array(n);
  const path: number[] = [];
  const nextEdge = new Int32Array(n);
  const back = new Set<BoardEdge>();
  const cycles: number[][] = graph.selfLoops.map((i) => [i]);
  const order = new Int32Array(n);
  let finished = n;
  const visit = (start: number) => {
    if (state[start] !== 0) return;
    state[start] = ON_PATH;
    pathIndex[start] = path.push(start) - 1;
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const k = nextEdge[top]!++;
      const targets = graph.outTarget[top]!;
      if (k >= targets.length) {
        path.pop();
        state[top] = DONE;
        order[--finished] = top;
        continue;
      }
      const target = targets[k]!;
      if (state[target] === ON_PATH) {
        back.add(graph.out[top]![k]!);
        if (cycles.length < MAX_CYCLES) cycles.push(path.slice(pathIndex[target]));
      } else if (state[target] === 0) {
        state[target] = ON_PATH;
        pathIndex[target] = path.push(target) - 1;
      }
    }
  };
  for (const start of starts) visit(start);
  for (let i = 0; i < n; i++) visit(i);
  return { back, cycles: cycles.slice(0, MAX_CYCLES).map((c) => c.map((i) => graph.nodes[i]!.id)), order };
}

/**
 * The design review's load estimate: how many requests per second reach each component of
 * a board, against what the component can take (`capacity.ts`). Pure and deterministic;
 * never throws, and every number it returns is finite and ≥ 0.
 *
 * The model, in the order the code applies it:
 * - Only components carry load: containers, notes and plain shapes/text are left out, and
 *   so is every edge touching one.
 * - Load enters at users and clients (`generic.user`, `generic.client`): the answer to
 *   question 5 (`parseRequestRate`) split evenly over their outgoing edges. Without a
 *   readable answer, the `rps` set on those edges. With an answer but no edge out of a
 *   user or client, the answer is split evenly over the roots (components nothing points
 *   at), so a board that starts at API Gateway still gets its load.
 * - A component sends its whole load down each outgoing edge: a request to a service
 *   also reaches each of its dependencies. Users and clients send only their entry load.
 *   Edges out of SNS and EventBridge (pub/sub) carry the load × the edge's `fanOut`
 *   (default 1); `fanOut` elsewhere is ignored. An edge's own `rps` replaces what would
 *   flow on it (and is not multiplied by `fanOut`: it is the edge's measured figure).
 * - `replication` edges carry no request load: replicating writes is the database's own
 *   traffic, bounded by its write rate rather than added to the replica's request rate.
 * - `twoWay` edges carry load source → target only: the way back is the response.
 * - Cycles: a depth-first walk from the entry points drops each edge that closes a loop
 *   (a back edge), so load goes once around a loop and stops. Each dropped edge's loop is
 *   reported in `cycles`, walk order, from the node the back edge points at; a self-loop
 *   is a loop of one node, ignored likewise.
 * - Growth (×1, ×10, ×100) multiplies every entry figure and every edge `rps`. The model
 *   is linear, so growth never changes the order of the utilisations, only whether they
 *   pass 100 %: `firstToSaturate` tells at which growth the first one does.
 * - Throughput-bound kinds (Kinesis, MSK without `capacityRps`) compare MB/s: the sum
 *   over incoming edges of rps × `payloadKB` (default 1 KB; 1 MB = 1,000 KB) with the
 *   table's MB/s × shards or partitions. Their `capacity` is that limit in rps at the
 *   traffic's mean payload, so `utilisation` is always `load / capacity`.
 */
export function estimateLoad(board: Board, options: EstimateOptions = {}): Estimate {
  const growth = positiveOr(options.growth, 1);
  const threshold =
    typeof options.threshold === 'number' && options.threshold >= 0 ? options.threshold : BOTTLENECK_THRESHOLD;
  const graph = loadGraph(board);
  const n = graph.nodes.length;
  const isEntry = graph.nodes.map((node) => ENTRY_KINDS.has(node.kind));
  const entries: number[] = [];
  const roots: number[] = [];
  let entryEdges = 0;
  for (let i = 0; i < n; i++) {
    if (isEntry[i]) {
      entries.push(i);
      entryEdges += graph.out[i]!.length;
    } else if (graph.indegree[i] === 0) roots.push(i);
  }

  const answer = board.answers?.q5;
  const q5 = typeof answer === 'string' ? parseRequestRate(answer) : undefined;
  let entryRps = 0;
  let entrySource: Estimate['entrySource'] = 'none';
  let entryShare = 0;
  // Per node: requests per second in, and KB per second in (for throughput-bound kinds).
  const incoming = new Float64Array(n);
  const kbIn = new Float64Array(n);
  if (q5 !== undefined) {
    entrySource = 'q5';
    entryRps = bounded(q5 * growth);
    if (entryEdges > 0) entryShare = entryRps / entryEdges;
    else for (const i of roots) incoming[i] = kbIn[i] = entryRps / roots.length;
  } else {
    const given = entries.flatMap((i) => graph.out[i]!.map(edgeRps)).filter((rps) => rps !== undefined);
    if (given.length > 0) {
      entrySource = 'edges';
      entryRps = bounded(given.reduce((sum, rps) => sum + rps, 0) * growth);
    }
  }

  const { back, cycles, order } = walk(graph, [...entries, ...roots]);
  const edges: Record<EdgeId, number> = {};
  const nodes: Record<NodeId, NodeLoad> = {};
  const bottlenecks: Bottleneck[] = [];
  let innerRps = 0;
  for (const i of order) {
    const node = graph.nodes[i]!;
    const pubsub = PUBSUB_KINDS.has(node.kind);
    let load = incoming[i]!;
    const targets = graph.outTarget[i]!;
    graph.out[i]!.forEach((edge, k) => {
      if (back.has(edge)) return;
      const own = edgeRps(edge);
      const fanOut = pubsub ? positiveOr(edge.props?.fanOut, 1) : 1;
      const flow = bounded(own !== undefined ? own * growth : isEntry[i] ? entryShare : incoming[i]! * fanOut);
      if (own !== undefined && !isEntry[i] && incoming[i] === 0) innerRps += flow;
      edges[edge.id] = flow;
      if (isEntry[i]) load += flow;
      const to = targets[k]!;
      incoming[to] = bounded(incoming[to]! + flow);
      kbIn[to] = bounded(kbIn[to]! + flow * positiveOr(edge.props?.payloadKB, 1));
    });
    const estimate = withCapacity(node, bounded(load), kbIn[i]!);
    nodes[node.id] = estimate;
    if (estimate.utilisation !== undefined && estimate.utilisation >= threshold)
      bottlenecks.push({ node: node.id, utilisation: estimate.utilisation });
  }
  bottlenecks.sort((a, b) => b.utilisation - a.utilisation || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  // Traffic stated on an edge inside the diagram flows from there: say so, not "none".
  if (entrySource === 'none' && innerRps > 0) {
    entrySource = 'inner';
    entryRps = bounded(innerRps);
  }
  return { entryRps, entrySource, nodes, edges, bottlenecks, cycles };
}

/** A node's load against its capacity (rps, or MB/s for throughput-bound kinds). */
function withCapacity(node: BoardNode, load: number, kbPerSecond: number): NodeLoad {
  const cap = capacityOf(node);
  if (!cap) return { load };
  let capacity = cap.rps !== undefined ? bounded(cap.rps) : undefined;
  const out: NodeLoad = { load };
  if (cap.mbPerSecond !== undefined) {
    const meanKB = load > 0 && kbPerSecond > 0 ? kbPerSecond / load : 1;
    const throughputCap = bounded((cap.mbPerSecond * KB_PER_MB) / meanKB);
    capacity = capacity === undefined ? throughputCap : Math.min(capacity, throughputCap);
    out.mbPerSecond = bounded(kbPerSecond / KB_PER_MB);
    out.capacityMBps = bounded(cap.mbPerSecond);
  }
  if (capacity === undefined || capacity <= 0) return { load };
  out.capacity = capacity;
  out.utilisation = bounded(load / capacity);
  return out;
}

/** The first growth at which a node reaches 100 %, and the most loaded node then. */
export interface Saturation {
  growth: number;
  node: NodeId;
  utilisation: number;
  /** Every node at or above 100 % at that growth, most loaded first. */
  saturated: NodeId[];
}

/**
 * What saturates first as traffic grows, for the review panel's ×1 / ×10 / ×100 control:
 * the growths are tried smallest first; undefined when nothing reaches 100 % at any.
 */
export function firstToSaturate(board: Board, growths: readonly number[] = GROWTHS): Saturation | undefined {
  const steps = growths.filter((g) => Number.isFinite(g) && g > 0).sort((a, b) => a - b);
  for (const growth of steps) {
    const { bottlenecks } = estimateLoad(board, { growth, threshold: 1 });
    const top = bottlenecks[0];
    if (top) return { growth, node: top.node, utilisation: top.utilisation, saturated: bottlenecks.map((b) => b.node) };
  }
  return undefined;
}

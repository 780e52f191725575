import { catalogEntry } from '../catalog/catalog';
import { nodeSettings } from '../catalog/settings';
import type { NodeProps } from '../schema/nodeRecord';

/**
 * What one table figure is counted per: each instance (× `instances`), each Kinesis shard
 * (× `shards`), each Kafka partition (× `partitions`), or the whole service (× 1).
 */
export const CAPACITY_UNITS = ['instance', 'shard', 'partition', 'service'] as const;
export type CapacityUnit = (typeof CAPACITY_UNITS)[number];

/**
 * The default capacity of one kind of component, for the design review's load estimate.
 * `rps` is requests (or messages) per second; `mbPerSecond` is written throughput, compared
 * with the traffic's rps × payloadKB. Neither set: the kind has no limit we model (it
 * scales without a quota worth checking, or its limit depends on too much to guess).
 */
export interface KindCapacity {
  kind: string;
  rps?: number;
  mbPerSecond?: number;
  per: CapacityUnit;
  /** A quote of `seed/system-design-guide.txt` with its line, or "Archboard default: <why>". */
  source: string;
}

/**
 * The one table of default capacities. Where the guide gives a figure it wins, even over
 * AWS's published quotas (the Kinesis row): the review checks a design against the guide
 * it was drawn from. Every other figure is an AWS default quota or a rule of thumb, and
 * says which. A node's own `capacityRps` replaces its row (see `capacityOf`).
 */
export const CAPACITY: readonly KindCapacity[] = [
  {
    kind: 'aws.route53',
    per: 'service',
    source:
      'Archboard default: no limit modelled; DNS answers are cached by resolvers and Route 53 publishes no query-rate quota.',
  },
  {
    kind: 'aws.global-accelerator',
    per: 'service',
    source: 'Archboard default: no limit modelled; it forwards connections to load balancers, which carry the load.',
  },
  {
    kind: 'aws.cloudfront',
    rps: 250_000,
    per: 'service',
    source: 'Archboard default: AWS default quota of 250,000 requests per second per distribution.',
  },
  {
    kind: 'aws.elb',
    per: 'service',
    source: 'Guide line 28: "Managed autoscaling, multi-AZ, native TLS termination"; no limit modelled.',
  },
  {
    kind: 'aws.api-gateway',
    rps: 10_000,
    per: 'service',
    source: 'Archboard default: AWS default throttle of 10,000 requests per second per account and Region.',
  },
  {
    kind: 'aws.lambda',
    rps: 1_000,
    per: 'service',
    source:
      'Guide line 31: "auto-scale to 1000s", read as 1,000 concurrent executions (AWS\'s default Regional quota) of one second each.',
  },
  {
    kind: 'aws.ecs',
    rps: 1_000,
    per: 'instance',
    source:
      'Archboard default: a rough figure for one task of a typical web service; set capacityRps from a load test.',
  },
  {
    kind: 'aws.eks',
    rps: 1_000,
    per: 'instance',
    source: 'Archboard default: a rough figure for one pod of a typical web service; set capacityRps from a load test.',
  },
  {
    kind: 'aws.ec2',
    rps: 1_000,
    per: 'instance',
    source:
      'Archboard default: a rough figure for one instance of a typical web service; set capacityRps from a load test.',
  },
  {
    kind: 'generic.service',
    rps: 1_000,
    per: 'instance',
    source:
      'Archboard default: a rough figure for one instance of a typical web service; set capacityRps from a load test.',
  },
  {
    kind: 'aws.s3',
    rps: 3_500,
    per: 'service',
    source:
      'Archboard default: AWS documents 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests per second per prefix; the write figure, one prefix.',
  },
  { kind: 'aws.rds', rps: 100_000, per: 'instance', source: 'Guide line 38: "autoscaling readers, >100 k TPS".' },
  {
    kind: 'aws.dynamodb',
    rps: 40_000,
    per: 'service',
    source:
      'Archboard default: AWS default per-table quota of 40,000 read and 40,000 write request units per second (the guide\'s "Unlimited scale", line 39, needs a quota raise).',
  },
  {
    kind: 'aws.elasticache',
    rps: 100_000,
    per: 'instance',
    source:
      "Archboard default: about 100,000 operations per second per Redis node (one core), Redis's own benchmark order of magnitude.",
  },
  {
    kind: 'generic.database',
    rps: 10_000,
    per: 'instance',
    source: 'Archboard default: a rough figure for one mid-size SQL primary; set capacityRps from a load test.',
  },
  {
    kind: 'generic.cache',
    rps: 100_000,
    per: 'instance',
    source: 'Archboard default: about 100,000 operations per second per in-memory cache node, as for Redis.',
  },
  {
    kind: 'aws.sqs',
    per: 'service',
    source:
      'Guide line 43: "Infinite backlog"; AWS documents a nearly unlimited API rate for standard queues (FIFO: 300 per second, 3,000 batched). No limit modelled.',
  },
  {
    kind: 'generic.queue',
    rps: 10_000,
    per: 'service',
    source:
      'Archboard default: a rough figure for one self-run broker (RabbitMQ and the like); set capacityRps from a load test.',
  },
  {
    kind: 'aws.sns',
    rps: 30_000,
    per: 'service',
    source:
      'Archboard default: the Publish quota for standard topics in US East (N. Virginia), 30,000 messages per second; it is Region-dependent and far lower in smaller Regions, so check yours and set capacityRps.',
  },
  {
    kind: 'aws.kinesis',
    mbPerSecond: 70,
    per: 'shard',
    source:
      'Guide line 45: "70 MB/s shard". AWS documents 1 MB/s or 1,000 records/s of writes per shard; the guide\'s figure is used.',
  },
  {
    kind: 'aws.msk',
    mbPerSecond: 10,
    per: 'partition',
    source:
      'Archboard default: about 10 MB/s written per partition, a common Kafka sizing rule of thumb (not an AWS quota); set capacityRps for your cluster.',
  },
  {
    kind: 'aws.eventbridge',
    rps: 10_000,
    per: 'service',
    source:
      'Archboard default: AWS default PutEvents quota of 10,000 per second in US East (N. Virginia), account-wide; lower in most other Regions (2,400 in US East (Ohio)).',
  },
  {
    kind: 'aws.step-functions',
    per: 'service',
    source: 'Archboard default: no limit modelled; start rates differ by workflow type and Region, so set capacityRps.',
  },
  {
    kind: 'generic.external-api',
    per: 'service',
    source: "Archboard default: no limit modelled; a third party's rate limit is in its contract, so set capacityRps.",
  },
];

const BY_KIND = new Map(CAPACITY.map((row) => [row.kind, row]));

/** The table's row for a kind; undefined for kinds that carry no load or have no row. */
export function capacityRow(kind: string): KindCapacity | undefined {
  return BY_KIND.get(kind);
}

/** A node's whole capacity: all its instances, shards or partitions together. */
export interface NodeCapacity {
  rps?: number;
  mbPerSecond?: number;
  /** `node`: from the node's own `capacityRps`; `table`: from `CAPACITY`. */
  from: 'node' | 'table';
}

/**
 * A node's capacity: its own `capacityRps` × instances when it has one (a setting its kind
 * does not take is ignored, as the properties panel ignores it), else its kind's row ×
 * instances, shards or partitions. Undefined when no limit is modelled for the node.
 */
export function capacityOf(node: { kind: string; props?: NodeProps }): NodeCapacity | undefined {
  const settings = nodeSettings(node);
  if (settings.capacityRps !== undefined)
    return { rps: settings.capacityRps * (settings.instances ?? 1), from: 'node' };
  const row = BY_KIND.get(node.kind);
  if (!row || (row.rps === undefined && row.mbPerSecond === undefined)) return undefined;
  const units =
    row.per === 'instance'
      ? (settings.instances ?? 1)
      : row.per === 'shard'
        ? (settings.shards ?? 1)
        : row.per === 'partition'
          ? (settings.partitions ?? 1)
          : 1;
  const out: NodeCapacity = { from: 'table' };
  if (row.rps !== undefined) out.rps = row.rps * units;
  if (row.mbPerSecond !== undefined) out.mbPerSecond = row.mbPerSecond * units;
  return out;
}

const figure = (row: KindCapacity): string => {
  const parts: string[] = [];
  if (row.rps !== undefined) parts.push(`${row.rps.toLocaleString('en-US')} rps`);
  if (row.mbPerSecond !== undefined) parts.push(`${row.mbPerSecond.toLocaleString('en-US')} MB/s`);
  return parts.join(', ') || 'no limit modelled';
};

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The capacity table as a Markdown table, for the README and the review panel's help. */
export function capacityTableMarkdown(): string {
  const rows = CAPACITY.map((row) => {
    const label = catalogEntry(row.kind)?.label ?? row.kind;
    return `| ${cell(label)} (\`${row.kind}\`) | ${figure(row)} | ${row.per} | ${cell(row.source)} |`;
  });
  return ['| Component | Capacity | Per | Source |', '| --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}

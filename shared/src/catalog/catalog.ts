/**
 * The component catalogue: every service of the AWS table in
 * `seed/system-design-guide.txt`, under the guide's layers with its purpose and key
 * advantages, plus generic parts, plain shapes and free text for what the catalogue lacks,
 * and network containers. Data, not code paths: adding a
 * component is adding one entry. Ids are stable; saved boards and tests rely on them.
 */

/** The guide's layers, in the guide's order, then ours. */
export const LAYERS = [
  'Edge / Ingress',
  'Compute',
  'Data Storage',
  'Messaging / Streaming',
  'Orchestration / Workflow',
  'Monitoring',
  'Identity & Security',
  'Generic',
  'Shapes & text',
  'Network containers',
] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * How a component is drawn: an icon node, a resizable container, a sticky note, or a plain
 * resizable shape (its `outline` says which) with its label centred in it.
 */
export type Shape = 'service' | 'group' | 'note' | 'shape';

/** The outline of a plain shape: a rounded rectangle, an ellipse, a database drum, or none (free text). */
export type Outline = 'rect' | 'ellipse' | 'cylinder' | 'none';

export interface CatalogEntry {
  id: string;
  label: string;
  layer: Layer;
  shape: Shape;
  /** What it is for and where it plugs in (the guide's "Purpose & Typical Integration Point"). */
  purpose: string;
  /** The guide's "Key Advantages", or ours for generic parts. */
  advantages: string;
  /** Path under `/icons/`: `aws/<folder>/<file>.svg` from the official set, or `generic/<file>.svg`. */
  icon: string;
  /** Containers, notes and shapes start at this size; icon nodes size themselves. */
  size?: { w: number; h: number };
  /** A plain shape's outline (entries of shape `shape` only). */
  outline?: Outline;
  /** The label a new node starts with; the entry's own label when absent. */
  defaultLabel?: string;
  /** Border colour of a container, after the AWS diagram conventions. */
  color?: string;
  /** Whether edges may start or end here (notes take none). */
  connectable: boolean;
}

type Service = Omit<CatalogEntry, 'layer' | 'shape' | 'connectable'>;

const aws = (layer: Layer, entries: Service[]): CatalogEntry[] =>
  entries.map((e) => ({ ...e, layer, shape: 'service', connectable: true }));

const svc = (file: string) => `aws/architecture-service/${file}.svg`;

export const CATALOG: readonly CatalogEntry[] = [
  ...aws('Edge / Ingress', [
    {
      id: 'aws.route53',
      label: 'Route 53',
      purpose:
        'Global DNS plus health-check-based routing (latency, weighted, fail-over) in front of any public endpoint.',
      advantages: 'Anycast DNS, fast fail-over, traffic-policy engine',
      icon: svc('AmazonRoute53'),
    },
    {
      id: 'aws.global-accelerator',
      label: 'Global Accelerator',
      purpose: 'Any-cast edge entry that forwards TCP/UDP to the nearest healthy ALB/NLB across regions.',
      advantages: 'Single Anycast IP, automatic multi-region fail-over, lower RTT',
      icon: svc('AWSGlobalAccelerator'),
    },
    {
      id: 'aws.cloudfront',
      label: 'CloudFront',
      purpose: 'Global CDN that caches static & dynamic assets; fronts S3, ALB, API Gateway.',
      advantages: '400+ PoPs, TLS off-load, edge compute (Lambda@Edge/Functions)',
      icon: svc('AmazonCloudFront'),
    },
    {
      id: 'aws.elb',
      label: 'Elastic Load Balancer',
      purpose:
        'Distributes traffic across ECS/EKS/EC2; ALB adds HTTP routing & WebSockets, NLB offers ultra-low-latency TCP/UDP.',
      advantages: 'Managed autoscaling, multi-AZ, native TLS termination',
      icon: svc('ElasticLoadBalancing'),
    },
    {
      id: 'aws.api-gateway',
      label: 'API Gateway',
      purpose: 'Single HTTPS or WebSocket endpoint for REST/GraphQL; integrates with Lambda, ALB, Cognito, WAF.',
      advantages: 'Built-in auth, throttling, request transformation, serverless',
      icon: svc('AmazonAPIGateway'),
    },
  ]),
  ...aws('Compute', [
    {
      id: 'aws.lambda',
      label: 'Lambda',
      purpose: 'Event-driven FaaS; runs code on triggers (API Gateway, S3, Kinesis) with per-ms billing.',
      advantages: 'Zero ops, auto-scale to 1000s, sub-second cold starts',
      icon: svc('AWSLambda'),
    },
    {
      id: 'aws.ecs',
      label: 'ECS (Fargate)',
      purpose: 'Serverless container runtime; schedule Docker tasks without cluster admin.',
      advantages: 'Pay-per-second, integrated autoscale, AWS-native IAM/SG',
      icon: svc('AWSFargate'),
    },
    {
      id: 'aws.eks',
      label: 'EKS',
      purpose: 'Managed Kubernetes control plane for portable CNCF workloads.',
      advantages: 'Upstream-compatible K8s, IAM Roles for Service Accounts, Fargate pods',
      icon: svc('AmazonElasticKubernetesService'),
    },
    {
      id: 'aws.ec2',
      label: 'EC2',
      purpose: 'Elastic VMs when you need custom OS/kernel, stateful services, or GPUs.',
      advantages: 'Full OS control, Spot & Graviton cost options, wide instance catalog',
      icon: svc('AmazonEC2'),
    },
  ]),
  ...aws('Data Storage', [
    {
      id: 'aws.s3',
      label: 'S3',
      purpose: '"11-nine" durable object store for backups, media, logs, and large blobs.',
      advantages: 'Infinite scale, lifecycle tiering (IA/Glacier), event notifications',
      icon: svc('AmazonSimpleStorageService'),
    },
    {
      id: 'aws.rds',
      label: 'RDS / Aurora',
      purpose: 'Managed relational DB (MySQL, Postgres, Aurora) with backups, read-replicas, Multi-AZ.',
      advantages: 'Familiar SQL, automatic patching, autoscaling readers, >100 k TPS',
      icon: svc('AmazonAurora'),
    },
    {
      id: 'aws.dynamodb',
      label: 'DynamoDB',
      purpose: 'Serverless key-value/JSON store with single-digit-ms latency and Global Tables.',
      advantages: 'Unlimited scale, on-demand capacity, point-in-time restore',
      icon: svc('AmazonDynamoDB'),
    },
    {
      id: 'aws.elasticache',
      label: 'ElastiCache (Redis)',
      purpose: 'In-memory cache or pub/sub bus; drops p99 read latency to sub-ms.',
      advantages: 'Managed fail-over, clustering, Redis 7 features, data-tiering',
      icon: svc('AmazonElastiCache'),
    },
    {
      id: 'aws.glue',
      label: 'Glue Data Catalog',
      purpose: 'Central schema/metadata catalog + serverless ETL (Glue Jobs) for S3 & lakehouses.',
      advantages: 'Auto-crawl, Parquet conversion, native Athena/Redshift integration',
      icon: svc('AWSGlue'),
    },
  ]),
  ...aws('Messaging / Streaming', [
    {
      id: 'aws.sqs',
      label: 'SQS',
      purpose: 'Durable at-least-once message queue for decoupling producers/consumers.',
      advantages: 'Infinite backlog, dead-letter queues, 12 h retention free',
      icon: svc('AmazonSimpleQueueService'),
    },
    {
      id: 'aws.sns',
      label: 'SNS',
      purpose: 'Fan-out pub/sub topics pushing to SQS, Lambda, HTTPS, SMS/e-mail.',
      advantages: 'Push-based, multiple protocols, FIFO option',
      icon: svc('AmazonSimpleNotificationService'),
    },
    {
      id: 'aws.kinesis',
      label: 'Kinesis',
      purpose: 'Ordered log for real-time ingestion; Firehose auto-loads to S3/Redshift/ES.',
      advantages: '70 MB/s shard, 365-day retention, serverless delivery transform',
      icon: svc('AmazonKinesis'),
    },
    {
      id: 'aws.msk',
      label: 'MSK (Kafka)',
      purpose: 'Fully managed Apache Kafka clusters for large-scale event streaming.',
      advantages: 'Native Kafka API, automated patching, tiered storage',
      icon: svc('AmazonManagedStreamingforApacheKafka'),
    },
    {
      id: 'aws.eventbridge',
      label: 'EventBridge',
      purpose: 'SaaS/AWS/custom event bus with JSON filtering rules; connects micro-services without polling.',
      advantages: 'Schema registry, cross-account routing, 100% serverless',
      icon: svc('AmazonEventBridge'),
    },
  ]),
  ...aws('Orchestration / Workflow', [
    {
      id: 'aws.step-functions',
      label: 'Step Functions',
      purpose: 'State-machine orchestrator chaining Lambdas, ECS, API calls with retries and parallel branches.',
      advantages: 'Visual workflow, built-in exponential back-off, 1-year execution history',
      icon: svc('AWSStepFunctions'),
    },
  ]),
  ...aws('Monitoring', [
    {
      id: 'aws.cloudwatch',
      label: 'CloudWatch',
      purpose: 'Central metric, log, trace, and alert platform; feeds autoscaling & dashboards.',
      advantages: 'One-minute (custom 1 s) metrics, Logs Insights, X-Ray traces',
      icon: svc('AmazonCloudWatch'),
    },
  ]),
  ...aws('Identity & Security', [
    {
      id: 'aws.cognito',
      label: 'Cognito',
      purpose: 'Managed user directory/OAuth broker; issues JWTs for SPA & mobile apps.',
      advantages: 'Social sign-in, adaptive MFA, device tracking',
      icon: svc('AmazonCognito'),
    },
    {
      id: 'aws.iam',
      label: 'IAM',
      purpose: 'Fine-grained policies & roles for people, services, and resources.',
      advantages: 'Least privilege, cross-account access, IAM Access Analyzer',
      icon: svc('AWSIdentityandAccessManagement'),
    },
  ]),
  ...(
    [
      [
        'generic.user',
        'User',
        'A person using the system.',
        'The start of every request path',
        'aws/resource/User.svg',
      ],
      [
        'generic.client',
        'Browser / mobile client',
        'The web or mobile app people use.',
        'Where latency is felt',
        'aws/resource/Client.svg',
      ],
      [
        'generic.external-api',
        'External API',
        'A third-party service the system calls.',
        'Outside your control: plan for its failures',
        'aws/resource/Internet.svg',
      ],
      [
        'generic.service',
        'Service',
        'A service of your own, on any platform.',
        'Vendor-neutral building block',
        'generic/service.svg',
      ],
      [
        'generic.database',
        'Database',
        'Any database, relational or not.',
        'Vendor-neutral building block',
        'generic/database.svg',
      ],
      [
        'generic.cache',
        'Cache',
        'An in-memory cache in front of slower storage.',
        'Vendor-neutral building block',
        'generic/cache.svg',
      ],
      [
        'generic.queue',
        'Queue',
        'A message queue between producers and consumers.',
        'Vendor-neutral building block',
        'generic/queue.svg',
      ],
    ] as const
  ).map(([id, label, purpose, advantages, icon]): CatalogEntry => ({
    id,
    label,
    layer: 'Generic',
    shape: 'service',
    purpose,
    advantages,
    icon,
    connectable: true,
  })),
  {
    id: 'note',
    label: 'Note',
    layer: 'Generic',
    shape: 'note',
    purpose: 'A sticky note for assumptions, numbers and open questions.',
    advantages: 'Keeps the reasoning next to the diagram',
    icon: 'generic/note.svg',
    size: { w: 200, h: 120 },
    defaultLabel: '',
    connectable: false,
  },
  {
    id: 'shape.text',
    label: 'Text',
    layer: 'Shapes & text',
    shape: 'shape',
    outline: 'none',
    purpose: 'A free text label with no box: a title, a caption, a remark beside a part of the diagram.',
    advantages: 'Words anywhere on the board, without a frame',
    icon: 'generic/text.svg',
    size: { w: 160, h: 40 },
    connectable: false,
  },
  ...(
    [
      ['shape.rect', 'Rectangle', 'rect', 'A plain box for a part the catalogue has no icon for.', 'rectangle'],
      ['shape.ellipse', 'Ellipse', 'ellipse', 'A plain ellipse: an actor, a boundary, a state.', 'ellipse'],
      ['shape.cylinder', 'Cylinder', 'cylinder', 'The database drum: any store the catalogue lacks.', 'cylinder'],
    ] as const
  ).map(([id, label, outline, purpose, icon]): CatalogEntry => ({
    id,
    label,
    layer: 'Shapes & text',
    shape: 'shape',
    outline,
    purpose,
    advantages: 'Any size, any label, connects like a component',
    icon: `generic/${icon}.svg`,
    size: { w: 160, h: 96 },
    // A plain shape says only what its label says.
    defaultLabel: '',
    connectable: true,
  })),
  ...(
    [
      [
        'group.cloud',
        'AWS Cloud',
        'The AWS account boundary.',
        'aws/architecture-group/AWSCloud.svg',
        '#232f3e',
        760,
        480,
      ],
      ['group.region', 'Region', 'A geographic AWS Region.', 'aws/architecture-group/Region.svg', '#00a4a6', 680, 420],
      [
        'group.az',
        'Availability Zone',
        'One isolated data-centre group inside a Region.',
        'generic/az.svg',
        '#147eba',
        320,
        360,
      ],
      [
        'group.vpc',
        'VPC',
        'An isolated virtual network.',
        'aws/architecture-group/VirtualprivatecloudVPC.svg',
        '#8c4fff',
        600,
        380,
      ],
      [
        'group.public-subnet',
        'Public subnet',
        'A subnet routed to an internet gateway.',
        'aws/architecture-group/Publicsubnet.svg',
        '#7aa116',
        280,
        220,
      ],
      [
        'group.private-subnet',
        'Private subnet',
        'A subnet with no inbound route from the internet.',
        'aws/architecture-group/Privatesubnet.svg',
        '#00a4a6',
        280,
        220,
      ],
      [
        'group.asg',
        'Auto Scaling group',
        'Instances or tasks scaled together across AZs.',
        'aws/architecture-group/AutoScalinggroup.svg',
        '#ed7100',
        260,
        180,
      ],
    ] as const
  ).map(([id, label, purpose, icon, color, w, h]): CatalogEntry => ({
    id,
    label,
    layer: 'Network containers',
    shape: 'group',
    purpose,
    advantages: 'Drop components inside to show where they run',
    icon,
    color,
    size: { w, h },
    connectable: true,
  })),
];

const BY_ID = new Map(CATALOG.map((e) => [e.id, e]));

/**
 * Whether nodes of this entry are free text on the board rather than components: notes
 * and text labels. The Markdown export lists them as notes.
 */
export const isFreeText = (entry: CatalogEntry): boolean => entry.shape === 'note' || entry.outline === 'none';

/** The catalogue entry for a kind, or undefined for a kind this version does not know. */
export function catalogEntry(kind: string): CatalogEntry | undefined {
  return BY_ID.get(kind);
}

/**
 * Where the canvas loads an entry's icon from: the same icon as a PNG the server renders
 * (`aws/…/X.svg` → `/icons/raster/aws/…/X.png`; see the server's rasterIcons). The palette,
 * tooltips and exports use the SVG under `/icons/`.
 */
export const rasterIconPath = (icon: string): string => `/icons/raster/${icon.replace(/\.svg$/, '.png')}`;

export function isKnownKind(kind: string): boolean {
  return BY_ID.has(kind);
}

/** The catalogue grouped by layer, in the guide's order. */
export function catalogByLayer(): { layer: Layer; entries: CatalogEntry[] }[] {
  return LAYERS.map((layer) => ({ layer, entries: CATALOG.filter((e) => e.layer === layer) }));
}

import type { NodePropName, NodeProps } from '../schema/nodeRecord';

/**
 * Which settings each kind of node takes, and what an unset one means: the catalogue's
 * defaults for the design review and the properties panel. `capacityRps` defaults live
 * with the capacity figures (`review/capacity`), since they come from the guide's numbers.
 */
const COMPUTE: NodePropName[] = ['instances', 'multiAz', 'capacityRps'];
const ENTRY: NodePropName[] = ['public', 'capacityRps'];

const SETTINGS: Record<string, NodePropName[]> = {
  'aws.route53': ENTRY,
  'aws.global-accelerator': ENTRY,
  'aws.cloudfront': ENTRY,
  'aws.elb': ENTRY,
  'aws.api-gateway': ENTRY,
  'aws.lambda': ['capacityRps'],
  'aws.ecs': COMPUTE,
  'aws.eks': COMPUTE,
  'aws.ec2': COMPUTE,
  'generic.service': COMPUTE,
  'aws.s3': ['capacityRps'],
  'aws.rds': COMPUTE,
  'aws.dynamodb': ['capacityRps'],
  'aws.elasticache': COMPUTE,
  'generic.database': COMPUTE,
  'generic.cache': COMPUTE,
  'aws.sqs': ['capacityRps'],
  'generic.queue': ['capacityRps'],
  'aws.sns': ['capacityRps'],
  'aws.eventbridge': ['capacityRps'],
  'aws.kinesis': ['shards'],
  'aws.msk': ['partitions', 'capacityRps'],
  'aws.step-functions': ['capacityRps'],
  'generic.external-api': ['capacityRps'],
};

/** Defaults of the settings that have one; `capacityRps` has none here. */
export const SETTING_DEFAULTS = {
  instances: 1,
  multiAz: false,
  public: true,
  shards: 1,
  partitions: 1,
} as const satisfies Omit<Required<NodeProps>, 'capacityRps'>;

/** The settings a node of this kind takes, in the order the properties panel shows them. */
export function settingsFor(kind: string): readonly NodePropName[] {
  return SETTINGS[kind] ?? [];
}

/** A node's settings with the defaults filled in for those its kind takes. */
export function nodeSettings(node: { kind: string; props?: NodeProps }): NodeProps {
  const out: NodeProps = {};
  for (const name of settingsFor(node.kind)) {
    const value = node.props?.[name] ?? (name === 'capacityRps' ? undefined : SETTING_DEFAULTS[name]);
    if (value !== undefined) (out as Record<string, unknown>)[name] = value;
  }
  return out;
}

import type { ExportDoc, ExportEdge, ExportNode } from '../export/format';
import { EDGE_STYLES } from '../schema/edgeRecord';

/** A node record of the export format, for boards written in a test: content in front of containers. */
export const exportNode = (
  id: string,
  kind: string,
  x: number,
  y: number,
  extra: Partial<ExportNode> = {},
): ExportNode => ({
  id,
  kind,
  x,
  y,
  ...extra,
  label: extra.label ?? '',
  notes: extra.notes ?? '',
  z: extra.z ?? (kind.startsWith('group.') ? 0 : 1),
});

const edge = (id: string, source: string, target: string, extra: Partial<ExportEdge> = {}): ExportEdge => ({
  id,
  source,
  target,
  style: 'sync',
  ...extra,
  label: extra.label ?? '',
});

/**
 * Test boards for the export tests of every package (`@archboard/shared/testing`).
 *
 * The export tests' board: nested containers (cloud > VPC > subnet), nodes far outside
 * any first viewport (x 6,000 and y -3,000), labelled edges of every style including a
 * two-way one, a label with `<`, `&` and emoji, a note, and answers.
 */
export function exportFixture(): ExportDoc {
  return {
    format: 'archboard',
    formatVersion: 1,
    title: 'Checkout <v2> & friends 🚀',
    nodes: [
      exportNode('cloud', 'group.cloud', 200, -40, { w: 980, h: 560, label: 'AWS' }),
      exportNode('vpc', 'group.vpc', 40, 60, { w: 880, h: 440, parent: 'cloud', label: 'Main VPC' }),
      exportNode('subnet', 'group.private-subnet', 300, 80, { w: 520, h: 300, parent: 'vpc' }),
      exportNode('user', 'generic.user', 0, 200, { label: 'Shopper' }),
      exportNode('cdn', 'aws.cloudfront', 40, 120, { parent: 'vpc' }),
      exportNode('api', 'aws.api-gateway', 40, 100, { parent: 'subnet', label: 'Orders <API> & co 🚀' }),
      exportNode('fn', 'aws.lambda', 300, 100, { parent: 'subnet', notes: 'Node 20, 512 MB' }),
      exportNode('db', 'aws.dynamodb', 3000, 200, { label: 'Orders table' }),
      exportNode('replica', 'aws.dynamodb', 3000, 520, { label: 'Replica (eu-west-1)' }),
      exportNode('queue', 'aws.sqs', 1400, -1500, { label: 'Order events' }),
      exportNode('note', 'note', -400, 700, {
        w: 240,
        h: 140,
        label: 'Assumptions:\n- 2k orders/s peak\n- p99 < 300 ms',
      }),
    ],
    edges: [
      edge('e-user-cdn', 'user', 'cdn', { label: 'HTTPS' }),
      edge('e-cdn-api', 'cdn', 'api', { style: 'sync', label: 'POST /orders' }),
      edge('e-api-fn', 'api', 'fn', { style: 'sync', label: 'invoke' }),
      edge('e-fn-db', 'fn', 'db', { style: 'data', label: 'PutItem', twoWay: true }),
      edge('e-fn-queue', 'fn', 'queue', { style: 'async', label: 'OrderPlaced' }),
      edge('e-db-replica', 'db', 'replica', {
        style: 'replication',
        label: 'Global Tables',
        sourceHandle: 'bottom',
        targetHandle: 'top',
      }),
    ],
    answers: { q1: 'Availability for browsing; consistency for payment.', q9: 'p99 under 300 ms for checkout' },
  };
}

/**
 * A big board: `count` icon nodes in a grid 180 px apart (20 columns), each wired to its
 * right-hand neighbour and every fifth one to the node below, in rotating styles.
 */
export function bigBoard(count: number): ExportDoc {
  const kinds = ['aws.lambda', 'aws.ecs', 'aws.dynamodb', 'aws.sqs', 'aws.s3', 'aws.api-gateway', 'aws.elasticache'];
  const nodes = Array.from({ length: count }, (_, i) =>
    exportNode(`n${i}`, kinds[i % kinds.length]!, (i % 20) * 180, Math.floor(i / 20) * 160, { label: `Service ${i}` }),
  );
  const edges: ExportEdge[] = [];
  for (let i = 0; i < count; i++) {
    const style = EDGE_STYLES[i % EDGE_STYLES.length]!;
    if (i % 20 !== 19 && i + 1 < count) edges.push(edge(`r${i}`, `n${i}`, `n${i + 1}`, { style }));
    if (i % 5 === 0 && i + 20 < count)
      edges.push(edge(`d${i}`, `n${i}`, `n${i + 20}`, { style, label: `${i}→${i + 20}` }));
  }
  return { format: 'archboard', formatVersion: 1, title: `Big board (${count} nodes)`, nodes, edges, answers: {} };
}

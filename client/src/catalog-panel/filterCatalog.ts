import { catalogByLayer, type CatalogEntry, type Layer } from '@archboard/shared';

export interface CatalogMatches {
  layer: Layer;
  entries: CatalogEntry[];
}

/**
 * The catalogue by layer, keeping entries whose label, id, purpose or advantages contain
 * every word of `query` (case-insensitive). Empty layers are dropped. With a query, the best
 * match comes first: entries are ranked by where their words matched (the label over the id
 * over the description), and layers by their best entry, so "s3" puts S3 first, not the
 * CDN whose description mentions S3. Equal ranks keep the catalogue's order.
 */
export function filterCatalog(query: string): CatalogMatches[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return catalogByLayer().filter(({ entries }) => entries.length > 0);
  const phrase = words.join(' ');
  const ranked = catalogByLayer()
    .map(({ layer, entries }) => {
      const scored = entries
        .map((entry) => ({ entry, score: score(entry, words, phrase) }))
        .filter(({ score }) => score > 0)
        .sort((a, b) => b.score - a.score);
      return { layer, entries: scored.map(({ entry }) => entry), best: scored[0]?.score ?? 0 };
    })
    .filter(({ entries }) => entries.length > 0)
    .sort((a, b) => b.best - a.best);
  return ranked.map(({ layer, entries }) => ({ layer, entries }));
}

/** The first entry of the ranked matches: what Enter in the search adds. */
export function bestMatch(matches: CatalogMatches[]): CatalogEntry | undefined {
  return matches[0]?.entries[0];
}

/**
 * What people type for a component that its name does not say: the abbreviations and the
 * open-source names engineers use ("alb" found Global Accelerator first: both only mention
 * ALBs in their descriptions). Searched like the label's own words.
 */
const ALIASES: Readonly<Record<string, string>> = {
  'aws.route53': 'dns domain',
  'aws.cloudfront': 'cdn edge',
  'aws.elb': 'alb nlb load balancer lb',
  'aws.api-gateway': 'apigw rest http websocket api',
  'aws.lambda': 'function faas serverless',
  'aws.ecs': 'container docker',
  'aws.eks': 'kubernetes k8s container',
  'aws.ec2': 'vm server instance host',
  'aws.s3': 'bucket object storage blob',
  'aws.rds': 'postgres postgresql mysql sql relational database',
  'aws.dynamodb': 'ddb nosql key value database',
  'aws.elasticache': 'redis memcached cache',
  'aws.sqs': 'queue',
  'aws.sns': 'pubsub pub sub topic notification fanout',
  'aws.kinesis': 'stream streaming',
  'aws.msk': 'kafka stream streaming',
  'aws.eventbridge': 'event bus',
  'aws.step-functions': 'workflow state machine orchestration',
  'aws.cloudwatch': 'metrics logs monitoring alarms',
  'aws.cognito': 'auth login identity users jwt',
  'aws.iam': 'roles permissions policy',
};

/**
 * How well `entry` matches: 0 unless every word is somewhere in it. A word at the start of
 * one of the label's words (or of an alias) counts most, inside the label or the id next,
 * only in the description least; the whole query as the label (or an alias), or at its
 * start, adds more (a name of its own more than an alias).
 */
function score(entry: CatalogEntry, words: string[], phrase: string): number {
  const label = entry.label.toLowerCase();
  const aliases = ALIASES[entry.id] ?? '';
  const labelWords = `${label} ${aliases}`.split(/[^a-z0-9]+/).filter(Boolean);
  const id = entry.id.toLowerCase();
  const description = `${entry.purpose} ${entry.advantages}`.toLowerCase();
  let total = 0;
  for (const word of words) {
    const points = labelWords.some((w) => w.startsWith(word))
      ? 4
      : label.includes(word) || id.includes(word)
        ? 3
        : description.includes(word)
          ? 1
          : 0;
    if (points === 0) return 0;
    total += points;
  }
  if (label === phrase) total += 20;
  else if (aliases.split(' ').includes(phrase)) total += 15;
  else if (label.startsWith(phrase)) total += 10;
  return total;
}

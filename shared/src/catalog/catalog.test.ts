/// <reference types="node" />
// Tests may read files; shared's own source may not (see eslint.config.js).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CATALOG, catalogByLayer, catalogEntry, isFreeText, isKnownKind, LAYERS } from './catalog';
import { DESIGN_QUESTIONS } from './questions';
import { GENERIC_ICONS } from './genericIcons';

// The repository keeps its own copy of the guide (shared/seed/), so a clone tests alone; when
// the team's copy (../shared/seed/ beside the repository) is there too, they must agree.
const GUIDE_URL = new URL('../../seed/system-design-guide.txt', import.meta.url);
const TEAM_GUIDE_URL = new URL('../../../../shared/seed/system-design-guide.txt', import.meta.url);
const guide = readFileSync(GUIDE_URL, 'utf8');

/** The guide's table names services its own way; this is the one map from its names to our ids. */
const GUIDE_NAME_TO_ID: Record<string, string> = {
  'Route 53': 'aws.route53',
  'AWS Global Accelerator': 'aws.global-accelerator',
  'Amazon CloudFront': 'aws.cloudfront',
  'Elastic Load Balancer (ALB/NLB)': 'aws.elb',
  'Amazon API Gateway': 'aws.api-gateway',
  'AWS Lambda': 'aws.lambda',
  'Amazon ECS (Fargate)': 'aws.ecs',
  'Amazon EKS': 'aws.eks',
  'Amazon EC2': 'aws.ec2',
  'Amazon S3': 'aws.s3',
  'Amazon RDS / Aurora': 'aws.rds',
  'Amazon DynamoDB': 'aws.dynamodb',
  'Amazon ElastiCache (Redis)': 'aws.elasticache',
  'AWS Glue Data Catalog': 'aws.glue',
  'Amazon SQS': 'aws.sqs',
  'Amazon SNS': 'aws.sns',
  'Amazon Kinesis Streams / Firehose': 'aws.kinesis',
  'Amazon MSK (Kafka)': 'aws.msk',
  'Amazon EventBridge': 'aws.eventbridge',
  'AWS Step Functions': 'aws.step-functions',
  'Amazon CloudWatch': 'aws.cloudwatch',
  'AWS Cognito': 'aws.cognito',
  'AWS IAM': 'aws.iam',
};

const STABLE_IDS = [
  'aws.route53',
  'aws.global-accelerator',
  'aws.cloudfront',
  'aws.elb',
  'aws.api-gateway',
  'aws.lambda',
  'aws.ecs',
  'aws.eks',
  'aws.ec2',
  'aws.s3',
  'aws.rds',
  'aws.dynamodb',
  'aws.elasticache',
  'aws.glue',
  'aws.sqs',
  'aws.sns',
  'aws.kinesis',
  'aws.msk',
  'aws.eventbridge',
  'aws.step-functions',
  'aws.cloudwatch',
  'aws.cognito',
  'aws.iam',
  'group.cloud',
  'group.region',
  'group.az',
  'group.vpc',
  'group.public-subnet',
  'group.private-subnet',
  'group.asg',
  'generic.user',
  'generic.client',
  'generic.external-api',
  'generic.service',
  'generic.database',
  'generic.cache',
  'generic.queue',
  'note',
  'shape.text',
  'shape.rect',
  'shape.ellipse',
  'shape.cylinder',
];

interface GuideRow {
  name: string;
  layer: string;
  purpose: string;
  advantages: string;
}

/**
 * The tab-separated table: a header, then layer rows (`<layer>\t\t`) and service rows
 * (`<name>\t<purpose>\t<advantages>`). It ends at the broken `Identity &\t\t` row, after
 * which the guide lays Cognito and IAM out one phrase per line (see `identityRows`).
 */
function tableRows(): GuideRow[] {
  const lines = guide.split('\n');
  const header = lines.findIndex((l) => l.startsWith('Tool / Layer Segments\t'));
  expect(header, 'the table header').toBeGreaterThan(0);
  const rows: GuideRow[] = [];
  let layer = '';
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    if (cells.length !== 3) break; // the Identity & Security section has no tabs
    const [name = '', purpose = '', advantages = ''] = cells.map((c) => c.trim());
    if (name.startsWith('Identity &')) break;
    if (purpose === '' && advantages === '') layer = name.replace(/ Layer$/, '');
    else rows.push({ name, layer, purpose, advantages });
  }
  return rows;
}

/** Cognito and IAM: each phrase wrapped over several lines, purposes first, then advantages. */
function identityRows(): GuideRow[] {
  const start = guide.indexOf('\nIdentity & Security\n');
  expect(start, 'the Identity & Security section').toBeGreaterThan(0);
  const blocks = guide
    .slice(start)
    .split(/\n\s*\n/)
    .map((b) => b.split('\n').join(' ').trim())
    .filter((b) => b !== '');
  // ['Identity & Security', 'AWS Cognito', <purpose>, 'AWS IAM', <purpose>, <advantages>, <advantages>]
  expect(blocks).toHaveLength(7);
  const [, cognito = '', cognitoPurpose = '', iam = '', iamPurpose = '', cognitoAdv = '', iamAdv = ''] = blocks;
  const layer = 'Identity & Security';
  return [
    { name: cognito, layer, purpose: cognitoPurpose, advantages: cognitoAdv },
    // The text extraction glued the page number ("70") to the last phrase.
    { name: iam, layer, purpose: iamPurpose, advantages: iamAdv.replace(/\d+$/, '') },
  ];
}

const guideRows = [...tableRows(), ...identityRows()];

describe('catalogue against the guide (CAT-1)', () => {
  test('the repository’s copy of the guide is the team’s guide, where that is present', () => {
    expect(fileURLToPath(GUIDE_URL)).toMatch(/shared\/seed\/system-design-guide\.txt$/);
    if (existsSync(TEAM_GUIDE_URL)) expect(guide).toBe(readFileSync(TEAM_GUIDE_URL, 'utf8'));
  });

  test('the guide parses into its 23 service rows', () => {
    expect(guideRows.map((r) => r.name)).toEqual(Object.keys(GUIDE_NAME_TO_ID));
  });

  test.each(guideRows)('CAT-1 $name has an entry with the guide purpose and advantages', (row) => {
    const id = GUIDE_NAME_TO_ID[row.name];
    expect(id, `no id mapped for guide row "${row.name}"`).toBeDefined();
    const entry = catalogEntry(id ?? '');
    expect(entry, `catalogue has no ${id}`).toBeDefined();
    expect(entry?.purpose).toBe(row.purpose);
    expect(entry?.advantages).toBe(row.advantages);
    expect(entry?.layer).toBe(row.layer);
    expect(entry?.shape).toBe('service');
    expect(entry?.connectable).toBe(true);
  });

  test('CAT-1 the guide layers come first in LAYERS, in the guide order', () => {
    const guideLayers = [...new Set(guideRows.map((r) => r.layer))];
    expect(LAYERS.slice(0, guideLayers.length)).toEqual(guideLayers);
  });
});

describe('catalogue ids (CAT-2)', () => {
  test.each(STABLE_IDS)('CAT-2 stable id %s exists', (id) => {
    expect(isKnownKind(id)).toBe(true);
    expect(catalogEntry(id)?.id).toBe(id);
  });

  test('CAT-2 ids are unique and unknown kinds are unknown', () => {
    const ids = CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(catalogEntry('aws.nope')).toBeUndefined();
    expect(isKnownKind('')).toBe(false);
    expect(isKnownKind('toString')).toBe(false);
  });

  test('CAT-2 every entry is well formed for its shape', () => {
    for (const entry of CATALOG) {
      expect(entry.label.length, entry.id).toBeGreaterThan(0);
      expect(entry.purpose.length, entry.id).toBeGreaterThan(0);
      expect(entry.id.length, entry.id).toBeLessThanOrEqual(64); // the node schema's limit on kind
      expect(LAYERS, entry.id).toContain(entry.layer);
      if (entry.shape === 'group') {
        expect(entry.size, entry.id).toBeDefined();
        expect(entry.color, entry.id).toMatch(/^#[0-9a-f]{6}$/);
        expect(entry.layer, entry.id).toBe('Network containers');
      }
      if (entry.shape === 'note') expect(entry.connectable, entry.id).toBe(false);
      // Plain shapes have a size and an outline; only a text label (no outline) takes no connections.
      if (entry.shape === 'shape') {
        expect(entry.size, entry.id).toBeDefined();
        expect(['rect', 'ellipse', 'cylinder', 'none'], entry.id).toContain(entry.outline);
        expect(entry.connectable, entry.id).toBe(entry.outline !== 'none');
        expect(entry.layer, entry.id).toBe('Shapes & text');
      } else expect(entry.outline, entry.id).toBeUndefined();
      if (entry.size) {
        expect(entry.size.w, entry.id).toBeGreaterThan(0);
        expect(entry.size.h, entry.id).toBeGreaterThan(0);
      }
    }
  });

  test('catalogByLayer lists every entry once, in layer order', () => {
    const grouped = catalogByLayer();
    expect(grouped.map((g) => g.layer)).toEqual([...LAYERS]);
    expect(grouped.flatMap((g) => g.entries.map((e) => e.id)).sort()).toEqual(CATALOG.map((e) => e.id).sort());
    for (const g of grouped) expect(g.entries.length, g.layer).toBeGreaterThan(0);
  });
});

describe('shapes and text (CAT-5)', () => {
  const ids = ['shape.text', 'shape.rect', 'shape.ellipse', 'shape.cylinder'];

  test('CAT-5 "Shapes & text" comes right after "Generic" and holds the text label and the three shapes, in that order', () => {
    expect(LAYERS.indexOf('Shapes & text')).toBe(LAYERS.indexOf('Generic') + 1);
    expect(
      catalogByLayer()
        .find((g) => g.layer === 'Shapes & text')
        ?.entries.map((e) => e.id),
    ).toEqual(ids);
  });

  test('CAT-5 a text label: no outline, 160×40, not connectable, starts as "Text", listed as a note', () => {
    const text = catalogEntry('shape.text');
    expect(text).toMatchObject({ shape: 'shape', outline: 'none', size: { w: 160, h: 40 }, connectable: false });
    expect(text?.defaultLabel ?? text?.label).toBe('Text');
    expect(isFreeText(text!)).toBe(true);
  });

  test.each([
    ['shape.rect', 'rect'],
    ['shape.ellipse', 'ellipse'],
    ['shape.cylinder', 'cylinder'],
  ])('CAT-5 %s: a %s outline, 160×96, connectable, starts empty, a component', (id, outline) => {
    const entry = catalogEntry(id);
    expect(entry).toMatchObject({
      shape: 'shape',
      outline,
      size: { w: 160, h: 96 },
      connectable: true,
      defaultLabel: '',
    });
    expect(isFreeText(entry!)).toBe(false);
  });

  test('CAT-5 each has an icon of its own among the generic icons; notes and text labels are the free text', () => {
    const icons = ids.map((id) => catalogEntry(id)?.icon);
    expect(new Set(icons).size).toBe(ids.length);
    for (const icon of icons) expect(GENERIC_ICONS[icon!.slice('generic/'.length)], icon).toMatch(/^<svg [^>]*xmlns=/);
    expect(isFreeText(catalogEntry('note')!)).toBe(true);
    expect(CATALOG.filter(isFreeText).map((e) => e.id)).toEqual(['note', 'shape.text']);
  });
});

describe('catalogue icons (CAT-3)', () => {
  // aws-icons is the server's dependency, not shared's: find it in pnpm's store.
  const store = fileURLToPath(new URL('../../../node_modules/.pnpm/', import.meta.url));
  const pkg = readdirSync(store).find((d) => d.startsWith('aws-icons@'));
  const iconRoot = `${store}${pkg ?? 'aws-icons-not-installed'}/node_modules/aws-icons/icons`;

  test('the aws-icons package is installed', () => {
    expect(pkg).toBeDefined();
    expect(existsSync(iconRoot)).toBe(true);
  });

  test.each(CATALOG.filter((e) => e.icon.startsWith('aws/')).map((e) => [e.id, e.icon]))(
    'CAT-3 %s icon %s exists in aws-icons',
    (_id, icon) => {
      expect(existsSync(`${iconRoot}/${icon.slice('aws/'.length)}`)).toBe(true);
    },
  );

  test('CAT-3 other icons are our own generic/*.svg', () => {
    for (const entry of CATALOG.filter((e) => !e.icon.startsWith('aws/'))) {
      expect(entry.icon, entry.id).toMatch(/^generic\/[a-z-]+\.svg$/);
      expect(GENERIC_ICONS[entry.icon.slice('generic/'.length)], entry.icon).toMatch(/^<svg [^>]*xmlns=/);
    }
  });
});

describe('design questions (CAT-4)', () => {
  const questionLines = [...guide.matchAll(/^- (\d+)\. (.+)$/gm)].map(([, n, text]) => ({
    id: `q${n}`,
    text: (text ?? '').trim(),
  }));

  test('CAT-4 there are 14, with ids q1..q14 in order', () => {
    expect(questionLines).toHaveLength(14);
    expect(DESIGN_QUESTIONS.map((q) => q.id)).toEqual(Array.from({ length: 14 }, (_, i) => `q${i + 1}`));
  });

  test('CAT-4 each text is the guide question line', () => {
    expect(DESIGN_QUESTIONS.map(({ id, text }) => ({ id, text }))).toEqual(questionLines);
  });

  test('CAT-4 hints are the guide standard answers under q10..q13', () => {
    const hinted = DESIGN_QUESTIONS.filter((q) => q.hint !== undefined).map((q) => q.id);
    expect(hinted).toEqual(['q10', 'q11', 'q12', 'q13']);
    for (const q of DESIGN_QUESTIONS) {
      // Each sentence of a hint appears in the guide, under a " - " or " - a. " bullet.
      for (const sentence of (q.hint ?? '').split(/(?<=\))\. /)) {
        expect(guide, q.id).toContain(sentence);
      }
    }
  });
});

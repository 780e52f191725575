import { describe, expect, it } from 'vitest';
import { CATALOG } from '@archboard/shared';
import { bestMatch, filterCatalog } from './filterCatalog';

const ids = (q: string) => filterCatalog(q).flatMap((l) => l.entries.map((e) => e.id));

describe('filterCatalog', () => {
  it('returns every entry, by layer in the catalogue order, for an empty query', () => {
    const total = filterCatalog('').reduce((n, layer) => n + layer.entries.length, 0);
    expect(total).toBe(CATALOG.length);
    expect(filterCatalog('  ').map((l) => l.layer)).toEqual(filterCatalog('').map((l) => l.layer));
  });

  it('matches label, id and purpose, every word, case-insensitively', () => {
    expect(ids('LAMBDA')).toContain('aws.lambda');
    expect(ids('aws.sqs')).toEqual(['aws.sqs']);
    expect(ids('dead-letter queues')).toEqual(['aws.sqs']);
    expect(filterCatalog('no such thing at all')).toEqual([]);
  });

  it('PALETTE-1 puts the best match first: a label match before one found only in a description', () => {
    // Each of these is also in CloudFront's or API Gateway's description, whose layer comes first.
    expect(ids('lambda')[0]).toBe('aws.lambda');
    expect(ids('s3')[0]).toBe('aws.s3');
    expect(ids('cache').slice(0, 2).sort()).toEqual(['aws.elasticache', 'generic.cache']);
    expect(ids('cache')).toContain('aws.cloudfront'); // still listed, after
    expect(bestMatch(filterCatalog('queue'))?.id).toBe('generic.queue'); // its label is the query
    expect(bestMatch(filterCatalog('sqs'))?.id).toBe('aws.sqs');
    expect(bestMatch(filterCatalog('load balancer'))?.id).toBe('aws.elb');
    expect(bestMatch(filterCatalog('nothing like it'))).toBeUndefined();
  });

  it('PALETTE-2 finds a component by what engineers call it: abbreviations and open-source names', () => {
    // "alb" is only in the descriptions of Global Accelerator (listed first) and the ELB
    expect(bestMatch(filterCatalog('alb'))?.id).toBe('aws.elb');
    expect(bestMatch(filterCatalog('nlb'))?.id).toBe('aws.elb');
    expect(bestMatch(filterCatalog('redis'))?.id).toBe('aws.elasticache');
    expect(bestMatch(filterCatalog('kafka'))?.id).toBe('aws.msk');
    expect(bestMatch(filterCatalog('postgres'))?.id).toBe('aws.rds');
    expect(bestMatch(filterCatalog('k8s'))?.id).toBe('aws.eks');
    expect(bestMatch(filterCatalog('cdn'))?.id).toBe('aws.cloudfront');
    expect(bestMatch(filterCatalog('dns'))?.id).toBe('aws.route53');
    expect(bestMatch(filterCatalog('bucket'))?.id).toBe('aws.s3');
    // a component's own name still wins over another's alias
    expect(bestMatch(filterCatalog('queue'))?.id).toBe('generic.queue');
    expect(ids('queue')).toContain('aws.sqs');
  });
});

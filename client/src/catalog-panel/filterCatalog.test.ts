import { describe, expect, it } from 'vitest';
import { CATALOG } from '@archboard/shared';
import { filterCatalog } from './filterCatalog';

describe('filterCatalog', () => {
  it('returns every entry, by layer, for an empty query', () => {
    const total = filterCatalog('').reduce((n, layer) => n + layer.entries.length, 0);
    expect(total).toBe(CATALOG.length);
  });

  it('matches label, id and purpose, every word, case-insensitively', () => {
    const ids = (q: string) => filterCatalog(q).flatMap((l) => l.entries.map((e) => e.id));
    expect(ids('LAMBDA')).toContain('aws.lambda');
    expect(ids('aws.sqs')).toEqual(['aws.sqs']);
    expect(ids('dead-letter queues')).toEqual(['aws.sqs']);
    expect(filterCatalog('no such thing at all')).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { NodeId } from '../schema/ids';
import { connectionProblem, cycleBreakers, isContainerKind, withDescendants, wouldCycle } from './rules';

const SEED = 7301;
const links = (entries: Record<string, string | undefined>) => new Map(Object.entries(entries));

/** Follows parent links from `id`; true if it comes back round. */
function loops(parentOf: ReadonlyMap<string, string | undefined>, id: string): boolean {
  const seen = new Set<string>();
  for (let at: string | undefined = id; at !== undefined; at = parentOf.get(at)) {
    if (seen.has(at)) return true;
    seen.add(at);
  }
  return false;
}

/** Random parent maps over a handful of ids: forests, chains, loops, self-loops, dangling parents. */
const parentMaps = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.option(fc.integer({ min: 0, max: 11 }), { nil: undefined })), {
    maxLength: 10,
  })
  .map((pairs) => new Map(pairs.map(([id, parent]) => [`n${id}`, parent === undefined ? undefined : `n${parent}`])));

describe('connectionProblem', () => {
  const at = (id: string, kind: string) => ({ id, kind });

  test('services and containers connect', () => {
    expect(connectionProblem(at('a', 'aws.lambda'), at('b', 'aws.s3'))).toBeUndefined();
    expect(connectionProblem(at('a', 'generic.client'), at('b', 'group.vpc'))).toBeUndefined();
  });

  test('a node does not connect to itself', () => {
    expect(connectionProblem(at('a', 'aws.lambda'), at('a', 'aws.lambda'))).toBe('self-loop');
  });

  test('notes take no connections, either way', () => {
    expect(connectionProblem(at('a', 'note'), at('b', 'aws.s3'))).toBe('not-connectable');
    expect(connectionProblem(at('a', 'aws.s3'), at('b', 'note'))).toBe('not-connectable');
  });

  test('text labels take no connections; plain shapes connect to anything connectable', () => {
    expect(connectionProblem(at('a', 'shape.text'), at('b', 'aws.s3'))).toBe('not-connectable');
    expect(connectionProblem(at('a', 'shape.rect'), at('b', 'shape.text'))).toBe('not-connectable');
    expect(connectionProblem(at('a', 'shape.rect'), at('b', 'shape.cylinder'))).toBeUndefined();
    expect(connectionProblem(at('a', 'shape.ellipse'), at('b', 'group.vpc'))).toBeUndefined();
  });

  test('unknown kinds are refused', () => {
    expect(connectionProblem(at('a', 'aws.s3'), at('b', 'aws.unknown'))).toBe('unknown-kind');
    expect(connectionProblem(at('a', 'undefined'), at('b', 'aws.s3'))).toBe('unknown-kind');
  });
});

test('isContainerKind: only group.* kinds hold nodes', () => {
  expect(isContainerKind('group.vpc')).toBe(true);
  expect(isContainerKind('group.asg')).toBe(true);
  expect(isContainerKind('aws.lambda')).toBe(false);
  expect(isContainerKind('note')).toBe(false);
  for (const kind of ['shape.text', 'shape.rect', 'shape.ellipse', 'shape.cylinder'])
    expect(isContainerKind(kind)).toBe(false);
  expect(isContainerKind('group.unknown')).toBe(false);
});

describe('wouldCycle', () => {
  const tree = links({ vpc: undefined, sub: 'vpc', fn: 'sub' });

  test('into itself or a descendant is a cycle', () => {
    expect(wouldCycle(tree, 'vpc', 'vpc')).toBe(true);
    expect(wouldCycle(tree, 'vpc', 'sub')).toBe(true);
    expect(wouldCycle(tree, 'vpc', 'fn')).toBe(true);
  });

  test('into an ancestor, a sibling or an unknown node is not', () => {
    expect(wouldCycle(tree, 'fn', 'vpc')).toBe(false);
    expect(wouldCycle(tree, 'sub', 'other')).toBe(false);
  });

  test('terminates on an existing loop elsewhere', () => {
    expect(wouldCycle(links({ a: 'b', b: 'a', c: undefined }), 'c', 'a')).toBe(false);
  });
});

describe('cycleBreakers (READ-4)', () => {
  test('in each cycle the smallest id loses its parent', () => {
    expect(cycleBreakers(links({ b: 'a', a: 'b' }))).toEqual(new Set(['a']));
    expect(cycleBreakers(links({ z: 'z' }))).toEqual(new Set(['z']));
    expect(cycleBreakers(links({ c: 'd', d: 'e', e: 'c', x: 'c', p: 'q', q: 'p' }))).toEqual(new Set(['c', 'p']));
  });

  test('no cycle, no breakers', () => {
    expect(cycleBreakers(links({ a: undefined, b: 'a', c: 'b', d: 'missing' }))).toEqual(new Set());
  });

  test(`READ-4 property: breaking the chosen links leaves no loop, one breaker per cycle (seed ${SEED})`, () => {
    fc.assert(
      fc.property(parentMaps, (parentOf) => {
        const breakers = cycleBreakers(parentOf);
        const broken = new Map(parentOf);
        for (const id of breakers) broken.set(id, undefined);
        for (const id of parentOf.keys()) expect(loops(broken, id)).toBe(false);
        // Each breaker sits on a cycle and is that cycle's smallest id.
        for (const id of breakers) {
          const cycle = [id];
          for (let at = parentOf.get(id); at !== id && at !== undefined; at = parentOf.get(at)) cycle.push(at);
          expect(parentOf.get(cycle.at(-1) ?? '')).toBe(id);
          expect([...cycle].sort()[0]).toBe(id);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test(`READ-4 property: the choice does not depend on the order records are listed (seed ${SEED})`, () => {
    // Y.Map iteration order differs between replicas; the rule must not.
    fc.assert(
      fc.property(
        parentMaps.chain((m) => fc.tuple(fc.constant(m), fc.shuffledSubarray([...m], { minLength: m.size }))),
        ([parentOf, shuffled]) => {
          expect(cycleBreakers(new Map(shuffled))).toEqual(cycleBreakers(parentOf));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('withDescendants', () => {
  const id = (s: string) => s as NodeId;

  test('collects every level below the given ids', () => {
    const tree = links({ vpc: undefined, sub: 'vpc', fn: 'sub', db: 'sub', s3: undefined, inS3: 's3' });
    expect(withDescendants(tree, [id('sub')])).toEqual(new Set(['sub', 'fn', 'db']));
    expect(withDescendants(tree, [id('vpc'), id('s3')])).toEqual(new Set(['vpc', 'sub', 'fn', 'db', 's3', 'inS3']));
    expect(withDescendants(tree, [])).toEqual(new Set());
  });

  test('terminates on loops', () => {
    expect(withDescendants(links({ a: 'b', b: 'a', c: 'a' }), [id('a')])).toEqual(new Set(['a', 'b', 'c']));
  });
});

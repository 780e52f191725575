import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Warns when Redis could lose what Archboard stores in it: without append-only
 * persistence a Redis restart loses recent updates, and an eviction policy other than
 * `noeviction` may drop a board's log under memory pressure.
 */
export async function warnAboutRedisPersistence(redis: Redis, log: Logger): Promise<void> {
  try {
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as [string, string];
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (appendonly !== 'yes') {
      log.warn(
        { appendonly },
        'Redis has no append-only persistence: a Redis restart can lose stored board updates (set appendonly yes)',
      );
    }
    if (policy !== 'noeviction') {
      log.warn(
        { policy },
        'Redis may evict keys under memory pressure: board logs could be lost (set maxmemory-policy noeviction)',
      );
    }
  } catch (e) {
    log.warn(
      { err: e instanceof Error ? e.message : String(e) },
      'could not read the Redis configuration (CONFIG GET); check persistence by hand',
    );
  }
}

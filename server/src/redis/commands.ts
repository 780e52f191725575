import type { Redis } from 'ioredis';
import { APPEND, COMPACT, MARK_OPENED, READ, RELEASE, RESET_LINKS } from './scripts';

export type ReadReply = [Buffer | null, Buffer, Buffer[], Buffer];

/** The scripts as commands: ioredis runs them by SHA and reloads them if Redis forgot them. */
export interface ArchboardCommands {
  archboardAppend(log: string, last: string, channel: string, update: Buffer, instance: string): Promise<string>;
  archboardReadBuffer(snapshot: string, log: string, last: string, after: string): Promise<ReadReply>;
  archboardCompact(
    snapshot: string,
    log: string,
    lease: string,
    data: Buffer,
    upto: string,
    instance: string,
  ): Promise<number>;
  archboardRelease(lease: string, instance: string): Promise<number>;
  archboardResetLinks(links: string): Promise<number | string>;
  archboardMarkOpened(meta: string): Promise<number>;
}

export type ScriptedRedis = Redis & ArchboardCommands;

export function withScripts(redis: Redis): ScriptedRedis {
  redis.defineCommand('archboardAppend', { numberOfKeys: 3, lua: APPEND });
  redis.defineCommand('archboardRead', { numberOfKeys: 3, lua: READ });
  redis.defineCommand('archboardCompact', { numberOfKeys: 3, lua: COMPACT });
  redis.defineCommand('archboardRelease', { numberOfKeys: 1, lua: RELEASE });
  redis.defineCommand('archboardResetLinks', { numberOfKeys: 1, lua: RESET_LINKS });
  redis.defineCommand('archboardMarkOpened', { numberOfKeys: 1, lua: MARK_OPENED });
  return redis as ScriptedRedis;
}

import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, newBoardId } from '@archboard/shared';
import { withScripts } from '../../server/src/redis/commands';
import { UNOPENED_BOARDS_KEY } from '../../server/src/redis/keys';
import { RedisStore } from '../../server/src/redis/RedisStore';
import { eventually, rawClient } from '../helpers/clients';
import { getWith, tokensFor } from '../helpers/exportChecks';
import { startRedis, type RunningRedis } from '../helpers/redis';
import { createBoard, startServer, type RunningServer } from '../helpers/server';

/*
 * UNOPENED-1…3: boards nobody ever opened are removed once older than
 * UNOPENED_BOARD_MAX_AGE_HOURS (here 2 seconds, swept every 200 ms), as if their owner had
 * deleted them: their links answer 404 and 4404. A board opened once stays, and so does a
 * board stored before boards had a record.
 */

const SECRET = 'u'.repeat(40);
const SWEEP = { UNOPENED_BOARD_MAX_AGE_HOURS: String(2 / 3600), UNOPENED_BOARD_SWEEP_MS: '200', AUTH_SECRET: SECRET };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The close code of a socket on the board, or 0 once the server answered it as a member (its first sync message). */
async function socketOutcome(server: RunningServer, board: string, token: string): Promise<number> {
  const client = rawClient(`${server.wsUrl}/${board}?token=${encodeURIComponent(token)}`);
  const outcome = await Promise.race([
    client.closed.then((c) => c.code),
    eventually(() => expect(client.messages.length).toBeGreaterThan(0)).then(() => 0),
  ]);
  client.ws.terminate();
  return outcome;
}
const exportStatus = async (server: RunningServer, board: string, token: string) =>
  (await getWith(server, `/api/boards/${board}/export.json`, token)).status;

describe('boards nobody ever opened', () => {
  it('UNOPENED-1 are removed after the maximum age (embedded store); an opened board stays', async () => {
    const server = await startServer({ env: SWEEP });
    try {
      const [unopened, opened] = await Promise.all([createBoard(server, 'Never'), createBoard(server, 'Opened')]);
      expect(await socketOutcome(server, opened.id, opened.editToken)).toBe(0);
      // before the age: both there
      expect(await exportStatus(server, unopened.id, unopened.viewToken)).toBe(200);
      await eventually(async () => expect(await exportStatus(server, unopened.id, unopened.viewToken)).toBe(404), 8000);
      expect(await socketOutcome(server, unopened.id, unopened.ownerToken)).toBe(CLOSE.boardDeleted.code);
      await sleep(1500); // well past the age, several sweeps later
      expect(await exportStatus(server, opened.id, opened.viewToken)).toBe(200);
      expect(await socketOutcome(server, opened.id, opened.editToken)).toBe(0);
      expect(server.logs.some((l) => l.msg === 'removed unopened boards')).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('UNOPENED-3 with UNOPENED_BOARD_MAX_AGE_HOURS=0 nothing is ever removed', async () => {
    const server = await startServer({ env: { ...SWEEP, UNOPENED_BOARD_MAX_AGE_HOURS: '0' } });
    try {
      const board = await createBoard(server);
      await sleep(3000);
      expect(await exportStatus(server, board.id, board.viewToken)).toBe(200);
    } finally {
      await server.stop();
    }
  });

  describe('on Redis, with two instances sweeping', () => {
    let redis: RunningRedis;
    let client: Redis;
    let servers: RunningServer[];
    beforeAll(async () => {
      redis = await startRedis();
      client = new Redis(redis.url);
      const env = { ...SWEEP, REDIS_URL: redis.url };
      servers = await Promise.all([startServer({ env }), startServer({ env })]);
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      client.disconnect();
      await redis.stop();
    });

    it('UNOPENED-2 whichever instance sweeps first removes the board, and from the index; opened and older boards stay', async () => {
      const [one, two] = servers as [RunningServer, RunningServer];
      // a board stored before boards had a record: an update, no record
      const legacy = newBoardId();
      const store = new RedisStore(withScripts(client), {
        instance: 'test',
        leaseMs: 5000,
        log: pino({ level: 'silent' }),
      });
      await store.append(legacy, Y.encodeStateAsUpdate(new Y.Doc()));
      const legacyTokens = await tokensFor(SECRET, legacy);

      const unopened = await createBoard(one, 'Never');
      const opened = await createBoard(two, 'Opened');
      expect(await socketOutcome(one, opened.id, opened.editToken)).toBe(0); // opened on the other instance
      expect(await client.zscore(UNOPENED_BOARDS_KEY, unopened.id)).not.toBeNull();
      await eventually(async () => expect(await client.zscore(UNOPENED_BOARDS_KEY, opened.id)).toBeNull());

      await eventually(async () => expect(await exportStatus(two, unopened.id, unopened.viewToken)).toBe(404), 8000);
      expect(await socketOutcome(one, unopened.id, unopened.editToken)).toBe(CLOSE.boardDeleted.code);
      expect(await client.zscore(UNOPENED_BOARDS_KEY, unopened.id)).toBeNull();
      await sleep(1500);
      for (const server of servers) {
        expect(await exportStatus(server, opened.id, opened.viewToken)).toBe(200);
        expect(await exportStatus(server, legacy, legacyTokens.viewToken)).toBe(200);
      }
      expect(await socketOutcome(two, legacy, legacyTokens.editToken)).toBe(0);
    });
  });
});

import { request } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventually, rawClient, type RawClient } from '../helpers/clients';
import { startCluster, type Cluster } from '../helpers/cluster';
import { createBoard, startServer, type RunningServer } from '../helpers/server';

/**
 * Client addresses behind a load balancer (TRUSTED_PROXIES): the creation rate limit and the
 * per-address connection cap key on the address a trusted proxy forwarded, and on the peer's
 * own address for everyone else, whatever X-Forwarded-For they send. The servers trust
 * 127.0.0.1; 127.0.0.5 and 127.0.0.6 are other loopback addresses, peers that are not proxies.
 */

const PROXY = '127.0.0.1';
const STRANGER = '127.0.0.5';
const CLIENT_A = '198.51.100.1';
const CLIENT_B = '198.51.100.2';

const started: { stop(): Promise<unknown> }[] = [];
const held: RawClient[] = [];
afterEach(() => {
  for (const client of held.splice(0)) client.ws.terminate();
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

async function server(env: Record<string, string>): Promise<RunningServer> {
  const s = await startServer({ env: { CREATE_RATE_LIMIT: '2', MAX_CONNECTIONS_PER_IP: '2', ...env } });
  started.push(s);
  return s;
}

interface From {
  /** The local address the request comes from (any 127.x.y.z is this machine). */
  from?: string;
  forwardedFor?: string;
}

/** POST /api/boards from `from`, with X-Forwarded-For if given: the status. */
function create(target: { url: string }, { from = PROXY, forwardedFor }: From): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${target.url}/api/boards`,
      {
        method: 'POST',
        localAddress: from,
        headers: {
          'content-type': 'application/json',
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

/** Opens a WebSocket to the board: 101 once open (the socket is kept open), or the HTTP status it was refused with. */
async function connect(target: { wsUrl: string }, board: { id: string; viewToken: string }, how: From) {
  const client = rawClient(`${target.wsUrl}/${board.id}?token=${board.viewToken}`, {
    localAddress: how.from ?? PROXY,
    ...(how.forwardedFor ? { headers: { 'x-forwarded-for': how.forwardedFor } } : {}),
  });
  held.push(client);
  return new Promise<number>((resolve) => {
    client.ws.once('open', () => resolve(101));
    client.ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
  });
}

const statuses = async (n: number, next: () => Promise<number>) => {
  const seen: number[] = [];
  for (let i = 0; i < n; i++) seen.push(await next()); // in order: the limit is about the count so far
  return seen;
};

describe('behind a trusted proxy (TRUSTED_PROXIES)', () => {
  it('PROXY-1 two forwarded clients get a creation limit each; the proxy’s own requests another', async () => {
    const s = await server({ TRUSTED_PROXIES: PROXY });
    expect(await statuses(3, () => create(s, { forwardedFor: CLIENT_A }))).toEqual([201, 201, 429]);
    expect(await statuses(3, () => create(s, { forwardedFor: CLIENT_B }))).toEqual([201, 201, 429]);
    // nginx appends the peer it saw to what the client sent: the client's own part is not believed
    expect(await create(s, { forwardedFor: `${CLIENT_B}, ${CLIENT_A}` })).toBe(429);
    expect(await create(s, {})).toBe(201);
  });

  it('PROXY-2 two forwarded clients get a connection cap each, logged by their address; a closed socket frees its place', async () => {
    const s = await server({ TRUSTED_PROXIES: PROXY });
    const board = await createBoard(s);
    expect(await statuses(3, () => connect(s, board, { forwardedFor: CLIENT_A }))).toEqual([101, 101, 429]);
    expect(await statuses(3, () => connect(s, board, { forwardedFor: CLIENT_B }))).toEqual([101, 101, 429]);
    await eventually(() =>
      expect(s.logs).toContainEqual(expect.objectContaining({ msg: 'refused an upgrade', address: CLIENT_B })),
    );
    const first = held[0]!;
    first.ws.close();
    await first.closed;
    await eventually(async () => expect(await connect(s, board, { forwardedFor: CLIENT_A })).toBe(101));
  });

  it('PROXY-3 a peer that is not a trusted proxy gets nothing from the header: one limit and one cap, whatever it sends', async () => {
    const s = await server({ TRUSTED_PROXIES: PROXY });
    let n = 0;
    const spoofed = () => ({ from: STRANGER, forwardedFor: `203.0.113.${++n}` });
    expect(await statuses(3, () => create(s, spoofed()))).toEqual([201, 201, 429]);
    const board = await createBoard(s);
    expect(await statuses(3, () => connect(s, board, spoofed()))).toEqual([101, 101, 429]);
    await eventually(() =>
      expect(s.logs).toContainEqual(expect.objectContaining({ msg: 'refused an upgrade', address: STRANGER })),
    );
  });
});

describe('without TRUSTED_PROXIES', () => {
  it('PROXY-4 X-Forwarded-For is ignored: a new address in the header each time escapes neither limit', async () => {
    const s = await server({});
    const board = await createBoard(s); // before the limit is used up: these requests all come from 127.0.0.1
    let n = 0;
    const spoofed = () => ({ forwardedFor: `203.0.113.${++n}` });
    expect(await statuses(2, () => create(s, spoofed()))).toEqual([201, 429]);
    expect(await statuses(3, () => connect(s, board, spoofed()))).toEqual([101, 101, 429]);
    await eventually(() =>
      expect(s.logs).toContainEqual(expect.objectContaining({ msg: 'refused an upgrade', address: PROXY })),
    );
  });
});

describe('through nginx (infra/nginxConfig.mjs)', () => {
  let cluster: Cluster | undefined;
  afterAll(async () => {
    await cluster?.stop();
  });

  it('PROXY-5 clients get their own limits through the load balancer, and a forged header does not move them', async () => {
    // One instance, so that every socket counts against the same cap.
    cluster = await startCluster(1, { CREATE_RATE_LIMIT: '2', MAX_CONNECTIONS_PER_IP: '2' });
    const [a, b] = [STRANGER, '127.0.0.6'];
    let n = 0;
    const forged = (from: string) => ({ from, forwardedFor: `203.0.113.${++n}` });
    expect(await statuses(3, () => create(cluster!, forged(a)))).toEqual([201, 201, 429]);
    expect(await statuses(2, () => create(cluster!, { from: b }))).toEqual([201, 201]);
    const board = await createBoard(cluster);
    expect(await statuses(3, () => connect(cluster!, board, forged(a)))).toEqual([101, 101, 429]);
    expect(await statuses(3, () => connect(cluster!, board, { from: b }))).toEqual([101, 101, 429]);
    const logs = cluster.servers[0]!.logs;
    await eventually(() =>
      expect(logs).toContainEqual(expect.objectContaining({ msg: 'refused an upgrade', address: a })),
    );
  });
});

import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { addNode, CLOSE, MESSAGE, readBoard } from '@archboard/shared';
import { createBoard, startServer, type RunningServer } from '../helpers/server';
import { eventually, providerClient, rawClient, synced, type ProviderClient, type RawClient } from '../helpers/clients';

/*
 * SEC-PRES: presence (awareness) cannot be forged, and SEC-WS: WebSocket upgrades are
 * checked for their Origin, their address's connection count and how long their headers
 * take. Against the built server with real clients; every case ends with an unmodified
 * y-websocket provider still syncing and seeing an honest peer's presence.
 */

const UPGRADE_TIMEOUT_MS = 1000;
const LISTED = 'https://embed.example.com';
const started: RunningServer[] = [];
let server: RunningServer;
let board: { id: string; editToken: string; viewToken: string };
beforeAll(async () => {
  server = await startServer({ env: { UPGRADE_TIMEOUT_MS: String(UPGRADE_TIMEOUT_MS) } });
  started.push(server);
  board = await createBoard(server);
});
afterAll(async () => {
  // the server survived everything below and still exits cleanly
  for (const s of started) expect(await s.stop()).toBe(0);
});

type Item = { id: number; clock: number; state: unknown };

/** An awareness frame with chosen client ids and clocks, encoded by y-protocols itself. */
function presenceFrame(...items: Item[]): Uint8Array {
  const scratch = new Awareness(new Y.Doc());
  const states = new Map<number, Record<string, unknown>>();
  for (const { id, clock, state } of items) {
    scratch.meta.set(id, { clock, lastUpdated: 0 });
    if (state !== null) states.set(id, state as Record<string, unknown>);
  }
  const update = encodeAwarenessUpdate(
    scratch,
    items.map((i) => i.id),
    states,
  );
  scratch.destroy();
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

type Presence = { user?: { name?: string }; cursor?: unknown; forged?: boolean } | undefined;
const presenceOf = (client: ProviderClient, id: number) => client.provider.awareness.getStates().get(id) as Presence;
const clockOf = (client: ProviderClient) => client.provider.awareness.meta.get(client.doc.clientID)!.clock;
const randomClientId = () => 1 + Math.floor(Math.random() * 2 ** 30);

/** A victim with a name and an observer that sees it; every state of the victim the observer ever sees is kept. */
async function victimAndObserver(s: RunningServer = server, b = board) {
  const victim = providerClient(s.wsUrl, b.id, b.editToken);
  victim.provider.awareness.setLocalStateField('user', { name: 'victim' });
  const observer = providerClient(s.wsUrl, b.id, b.editToken);
  await Promise.all([synced(victim), synced(observer)]);
  const id = victim.doc.clientID;
  await eventually(() => expect(presenceOf(observer, id)?.user?.name).toBe('victim'));
  const seen: Presence[] = [];
  observer.provider.awareness.on('change', (change: { added: number[]; updated: number[]; removed: number[] }) => {
    if ([...change.added, ...change.updated, ...change.removed].includes(id)) seen.push(presenceOf(observer, id));
  });
  /** The victim moves; once the observer sees it, the server has handled everything sent before. */
  let moves = 0;
  const victimMoves = async () => {
    const cursor = { x: ++moves, y: 0 };
    victim.provider.awareness.setLocalStateField('cursor', cursor);
    await eventually(() => expect(presenceOf(observer, id)?.cursor).toEqual(cursor));
  };
  const untouched = () => {
    // both echo every presence they receive back to the server, as the provider does: never counted against them
    expect(victim.provider.wsconnected && observer.provider.wsconnected).toBe(true);
    expect(presenceOf(observer, id)?.user?.name).toBe('victim');
    for (const state of seen)
      expect(state, 'the observer saw a forged or removed victim').toMatchObject({ user: { name: 'victim' } });
    expect(seen.some((state) => state?.forged)).toBe(false);
  };
  return { victim, observer, id, victimMoves, untouched };
}

async function openRaw(token: string, s: RunningServer = server, b = board): Promise<RawClient> {
  const raw = rawClient(`${s.wsUrl}/${b.id}?token=${token}`);
  await raw.opened;
  return raw;
}

const isOpen = (raw: RawClient) => raw.ws.readyState === raw.ws.OPEN;

/** An honest pair on a fresh board: edits sync both ways and each sees the other's presence. */
async function stillServes(label: string, s: RunningServer = server): Promise<void> {
  const fresh = await createBoard(s);
  const a = providerClient(s.wsUrl, fresh.id, fresh.editToken);
  const b = providerClient(s.wsUrl, fresh.id, fresh.editToken);
  a.provider.awareness.setLocalStateField('user', { name: label });
  await Promise.all([synced(a), synced(b)]);
  addNode(a.doc, { kind: 'generic.cache', x: 0, y: 0, label });
  await eventually(() => {
    expect(readBoard(b.doc).nodes.map((n) => n.label)).toContain(label);
    expect(presenceOf(b, a.doc.clientID)?.user?.name).toBe(label);
  });
  a.destroy();
  b.destroy();
}

/** Sends an upgrade request by hand; resolves with 101 or the HTTP status it was refused with. */
function upgradeStatus(s: RunningServer, b: { id: string; editToken: string }, headers: Record<string, string> = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = request(`${s.url}/ws/${b.id}?token=${b.editToken}`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (_res, socket: Socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('presence ownership', () => {
  it('SEC-PRES-1 an edit link cannot post presence under another connection’s id; it is closed 4406 after repeated tries', async () => {
    const { observer, id, victim, victimMoves, untouched } = await victimAndObserver();
    const spoofer = await openRaw(board.editToken);
    const own = randomClientId();
    spoofer.ws.send(presenceFrame({ id: own, clock: 1, state: { user: { name: 'spoofer' } } }));
    await eventually(() => expect(presenceOf(observer, own)?.user?.name).toBe('spoofer')); // its own: fine
    const clock = clockOf(victim);
    for (let i = 1; i <= 12; i++) {
      spoofer.ws.send(presenceFrame({ id, clock: clock + i, state: { user: { name: 'victim' }, forged: true } }));
    }
    expect((await spoofer.closed).code).toBe(CLOSE.presenceSpoofing.code);
    await victimMoves();
    untouched();
    await eventually(() => expect(presenceOf(observer, own)).toBeUndefined()); // its own left with it
    await stillServes('after an edit link spoofed');
  });

  it('SEC-PRES-2 a view link publishes its own cursor, but not another’s presence', async () => {
    const { observer, id, victim, victimMoves, untouched } = await victimAndObserver();
    const viewer = await openRaw(board.viewToken);
    const own = randomClientId();
    viewer.ws.send(presenceFrame({ id: own, clock: 1, state: { cursor: { x: 5, y: 5 } } }));
    await eventually(() => expect(presenceOf(observer, own)?.cursor).toEqual({ x: 5, y: 5 }));
    const clock = clockOf(victim);
    for (let i = 1; i <= 12; i++) {
      viewer.ws.send(
        presenceFrame({ id, clock: clock + i, state: i % 2 ? null : { user: { name: 'victim' }, forged: true } }),
      );
    }
    expect((await viewer.closed).code).toBe(CLOSE.presenceSpoofing.code);

    // one that announces the victim's id as its own first: dropped while the victim is
    // silent (it could be the victim reconnecting), closed once the victim shows it is alive
    const usurper = await openRaw(board.viewToken);
    usurper.ws.send(
      presenceFrame({ id, clock: clockOf(victim) + 1, state: { user: { name: 'victim' }, forged: true } }),
    );
    await victimMoves();
    for (let i = 2; i <= 13; i++) {
      usurper.ws.send(
        presenceFrame({ id, clock: clockOf(victim) + i, state: { user: { name: 'victim' }, forged: true } }),
      );
    }
    expect((await usurper.closed).code).toBe(CLOSE.presenceSpoofing.code);
    await victimMoves();
    untouched();
    await stillServes('after a view link spoofed');
  });

  it('SEC-PRES-3 removing someone else’s presence is ignored', async () => {
    const { id, victim, victimMoves, untouched } = await victimAndObserver();
    const remover = await openRaw(board.editToken);
    remover.ws.send(presenceFrame({ id: randomClientId(), clock: 1, state: { user: { name: 'remover' } } }));
    const clock = clockOf(victim);
    // the same clock with null is how y-protocols removes a state; a newer clock with null too
    remover.ws.send(presenceFrame({ id, clock, state: null }));
    remover.ws.send(presenceFrame({ id, clock: clock + 1, state: null }));
    remover.ws.send(presenceFrame({ id, clock: clock + 1000, state: null }));
    await victimMoves();
    untouched();
    expect(isOpen(remover)).toBe(true); // a few tries are dropped, not yet closed
    await stillServes('after a removal of another’s presence');
  });

  it('SEC-PRES-4 a presence state over MAX_PRESENCE_BYTES is dropped; the previous one stays', async () => {
    const { observer } = await victimAndObserver();
    const big = await openRaw(board.editToken);
    const own = randomClientId();
    big.ws.send(presenceFrame({ id: own, clock: 1, state: { user: { name: 'small' } } }));
    await eventually(() => expect(presenceOf(observer, own)?.user?.name).toBe('small'));
    const states: Presence[] = [];
    observer.provider.awareness.on('change', () => states.push(presenceOf(observer, own)));
    big.ws.send(presenceFrame({ id: own, clock: 2, state: { user: { name: 'x'.repeat(1_900_000) } } }));
    big.ws.send(presenceFrame({ id: own, clock: 3, state: { user: { name: 'y'.repeat(9000) } } }));
    big.ws.send(presenceFrame({ id: own, clock: 4, state: { user: { name: 'small again' } } }));
    await eventually(() => expect(presenceOf(observer, own)?.user?.name).toBe('small again'));
    expect(states.every((s) => (s?.user?.name?.length ?? 0) < 100)).toBe(true);
    expect(isOpen(big)).toBe(true);
    await stillServes('after an oversize presence');
  });

  it('SEC-PRES-5 5,000 ids in one awareness message: nothing applied, closed 4406', async () => {
    const { observer, victimMoves, untouched } = await victimAndObserver();
    const bots = await openRaw(board.editToken);
    const first = randomClientId();
    bots.ws.send(
      presenceFrame(
        ...Array.from({ length: 5000 }, (_, i) => ({ id: first + i, clock: 1, state: { user: { name: `bot ${i}` } } })),
      ),
    );
    expect((await bots.closed).code).toBe(CLOSE.presenceSpoofing.code);
    await victimMoves();
    const names = [...observer.provider.awareness.getStates().values()].map((s) => (s as Presence)?.user?.name);
    expect(names.filter((name) => name?.startsWith('bot '))).toEqual([]);
    untouched();
    await stillServes('after 5,000 fake users');
  });

  it('SEC-PRES-6 presence over MAX_PRESENCE_PER_SECOND is dropped but the last state lands; a flood is closed 4429', async () => {
    const { observer } = await victimAndObserver();
    const fast = await openRaw(board.editToken);
    const own = randomClientId();
    for (let i = 1; i <= 120; i++)
      fast.ws.send(presenceFrame({ id: own, clock: i, state: { cursor: { x: i, y: 0 } } }));
    // 40 a second go through; the rest is dropped but for the last, which lands when the second ends
    await eventually(() => expect(presenceOf(observer, own)?.cursor).toEqual({ x: 120, y: 0 }));
    expect(isOpen(fast)).toBe(true);

    const flood = await openRaw(board.editToken);
    const other = randomClientId();
    // ten times the rate (400 a second) is a flood
    for (let i = 1; i <= 600; i++)
      flood.ws.send(presenceFrame({ id: other, clock: i, state: { cursor: { x: i, y: 0 } } }));
    expect((await flood.closed).code).toBe(CLOSE.tooMany.code);
    expect(server.logs.some((l) => l.detail === 'presence flood')).toBe(true);
    await stillServes('after a presence flood');
  });
});

describe('WebSocket upgrades', () => {
  it('SEC-WS-1 a foreign Origin is refused with 403 before the upgrade; the own origin and no Origin are allowed', async () => {
    expect(await upgradeStatus(server, board, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(server, board, { Origin: 'null' })).toBe(403);
    expect(await upgradeStatus(server, board, { Origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await upgradeStatus(server, board, { Origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    expect(await upgradeStatus(server, board)).toBe(101); // no Origin: not a browser
    expect(server.logs.some((l) => l.msg === 'refused an upgrade' && l.status === 403)).toBe(true);
    await stillServes('after a refused origin');
  });

  it('SEC-WS-2 ALLOWED_ORIGINS lets the listed origins in, besides the own one', async () => {
    const s = await startServer({ env: { ALLOWED_ORIGINS: `${LISTED}, https://other.example.com` } });
    started.push(s);
    const b = await createBoard(s);
    expect(await upgradeStatus(s, b, { Origin: LISTED })).toBe(101);
    expect(await upgradeStatus(s, b, { Origin: `http://127.0.0.1:${s.port}` })).toBe(101);
    expect(await upgradeStatus(s, b, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(s, b, { Origin: 'http://embed.example.com' })).toBe(403); // another scheme, another origin
    await stillServes('with listed origins', s);
  });

  it('SEC-WS-3 upgrade requests whose headers never complete are destroyed after UPGRADE_TIMEOUT_MS', async () => {
    const t0 = Date.now();
    const halves = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<{ socket: Socket; closed: Promise<number> }>((resolve) => {
            const socket = connect(server.port, '127.0.0.1', () => {
              socket.write(
                `GET /ws/${board.id}?token=${board.editToken} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`,
              );
              resolve({ socket, closed: new Promise((done) => socket.once('close', () => done(Date.now() - t0))) });
            });
            socket.on('error', () => {});
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, UPGRADE_TIMEOUT_MS / 2));
    expect(halves.every((h) => !h.socket.destroyed)).toBe(true); // not before their time
    const after = await Promise.all(halves.map((h) => h.closed));
    expect(Math.max(...after)).toBeLessThan(UPGRADE_TIMEOUT_MS + 3000);
    await stillServes('after half-sent upgrades');
  });

  it('SEC-WS-4 past MAX_CONNECTIONS_PER_IP, the upgrade gets 429; a closed socket frees its place', async () => {
    const s = await startServer({ env: { MAX_CONNECTIONS_PER_IP: '3' } });
    started.push(s);
    const b = await createBoard(s);
    const held = [await openRaw(b.editToken, s, b), await openRaw(b.editToken, s, b), await openRaw(b.editToken, s, b)];
    const refused = rawClient(`${s.wsUrl}/${b.id}?token=${b.editToken}`);
    const status = await new Promise<number>((resolve) =>
      refused.ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(429);
    held[0]!.ws.close();
    held[1]!.ws.close();
    await Promise.all([held[0]!.closed, held[1]!.closed]);
    await eventually(async () => {
      const again = rawClient(`${s.wsUrl}/${b.id}?token=${b.editToken}`);
      await again.opened;
      again.ws.close();
      await again.closed;
    });
    await stillServes('after the per-address cap', s);
  });
});

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addNode, CLOSE, MESSAGE, readBoard, removeNodes, SYNC, type Board, type NodeId } from '@archboard/shared';
import { eventually, providerClient, rawClient, synced, type ProviderClient } from '../helpers/clients';
import { createBoard, openRooms, startServer, type RunningServer } from '../helpers/server';

/*
 * ABUSE-SIZE: the limits that keep one board or one client from hurting the rest: a cap
 * on what one board stores (4411), on one update (4413) and on a connection's byte rate
 * (4429), on the boards one instance holds (4513), a WAL that shrinks after compaction,
 * and other boards kept responsive while a board at the cap loads. Real servers, the
 * unmodified y-websocket provider and raw sockets; every case ends with a normal client
 * still served.
 */

const KiB = 1024;
const started: RunningServer[] = [];
afterAll(async () => {
  for (const s of started.reverse()) await s.stop();
});

async function server(env: Record<string, string>, dataDir?: string): Promise<RunningServer> {
  const s = await startServer({ env, ...(dataDir ? { dataDir } : {}) });
  started.push(s);
  return s;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const labels = (client: ProviderClient) => readBoard(client.doc).nodes.map((n) => n.label);

/** A normal client on a new board syncs an edit to a second one. */
async function stillServes(s: RunningServer, label: string): Promise<void> {
  const board = await createBoard(s);
  const a = providerClient(s.wsUrl, board.id, board.editToken);
  const b = providerClient(s.wsUrl, board.id, board.editToken);
  await Promise.all([synced(a), synced(b)]);
  addNode(a.doc, { kind: 'generic.cache', x: 0, y: 0, label });
  await eventually(() => expect(labels(b)).toContain(label));
  a.destroy();
  b.destroy();
}

/** The close code the server ends a provider's connection with. */
const closeCode = (client: ProviderClient) =>
  new Promise<number>((resolve) =>
    client.provider.on('connection-close', (event: { code: number } | null) => resolve(event?.code ?? -1)),
  );

/** The frame a y-websocket client sends a document update in. */
function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.sync);
  encoding.writeVarUint(e, SYNC.update);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A self-contained update (a fresh client) adding one node whose label is `label` plus `bytes` characters. */
function nodeUpdate(label: string, bytes: number): Uint8Array {
  const doc = new Y.Doc();
  addNode(doc, { kind: 'aws.s3', x: 0, y: 0, label: `${label}${'x'.repeat(bytes)}` });
  return Y.encodeStateAsUpdate(doc);
}

const rawOn = (s: RunningServer, board: { id: string; editToken: string }) =>
  rawClient(`${s.wsUrl}/${board.id}?token=${board.editToken}`);

describe('ABUSE-SIZE board cap, update cap', () => {
  const SECRET = 'z'.repeat(40);
  const env = {
    AUTH_SECRET: SECRET,
    MAX_BOARD_BYTES: String(512 * KiB),
    MAX_UPDATE_BYTES: String(96 * KiB),
    LOG_LEVEL: 'debug',
  };

  it('ABUSE-SIZE-1 an update that would take a board past MAX_BOARD_BYTES is refused with 4411: not relayed, not stored (restart), and the board stays readable and open to deletions', async () => {
    let s = await server(env);
    const board = await createBoard(s);
    const writer = providerClient(s.wsUrl, board.id, board.editToken);
    const watcher = providerClient(s.wsUrl, board.id, board.editToken);
    await Promise.all([synced(writer), synced(watcher)]);
    const closed = closeCode(writer);
    const sent: string[] = [];
    for (let i = 0; i < 12; i++) {
      const label = `big-${i}:${'x'.repeat(60 * KiB)}`;
      addNode(writer.doc, { kind: 'aws.s3', x: i, y: 0, label });
      sent.push(label);
    }
    expect(await closed).toBe(CLOSE.boardFull.code);
    await eventually(() => expect(labels(watcher).length).toBeGreaterThan(5));
    await sleep(500); // anything still on its way would have arrived
    const kept = labels(watcher);
    expect(kept.length).toBeLessThan(sent.length);
    expect(kept.sort()).toEqual(sent.slice(0, kept.length).sort()); // in order, up to the refused one
    expect(labels(writer).length).toBe(sent.length); // the writer still holds the refused edit, unsynced

    // A raw client's one update past the cap: 4411 with its reason.
    const raw = rawOn(s, board);
    await raw.opened;
    raw.ws.send(updateFrame(nodeUpdate('raw-refused', 90 * KiB)));
    expect(await raw.closed).toEqual({ code: CLOSE.boardFull.code, reason: CLOSE.boardFull.reason });
    await sleep(300);
    expect(labels(watcher).some((l) => l.startsWith('raw-refused'))).toBe(false);
    writer.destroy();
    watcher.destroy();

    // Not stored: after a restart the board holds exactly what the watcher saw.
    expect(await s.stop()).toBe(0);
    started.splice(started.indexOf(s), 1);
    s = await server(env, s.dataDir);
    const reader = providerClient(s.wsUrl, board.id, board.editToken);
    await synced(reader);
    expect(labels(reader).sort()).toEqual(kept.sort());

    // Still editable for deletions; the room they free counts once the board was compacted.
    const ids = readBoard(reader.doc).nodes.map((n) => n.id as NodeId);
    removeNodes(reader.doc, ids.slice(0, 3));
    const other = providerClient(s.wsUrl, board.id, board.editToken);
    await synced(other);
    await eventually(() => expect(labels(other)).toHaveLength(kept.length - 3));
    await eventually(() => expect(s.logs.some((l) => l.msg === 'board compacted' && l.board === board.id)).toBe(true));
    addNode(reader.doc, { kind: 'aws.s3', x: 0, y: 1, label: `after-${'y'.repeat(60 * KiB)}` });
    await eventually(() => expect(labels(other).some((l) => l.startsWith('after-'))).toBe(true));
    await stillServes(s, 'after board cap');
  });

  it('ABUSE-SIZE-2 one update larger than MAX_UPDATE_BYTES is refused with 4413 and not stored', async () => {
    const s = await server(env);
    const board = await createBoard(s);
    const watcher = providerClient(s.wsUrl, board.id, board.editToken);
    await synced(watcher);
    const raw = rawOn(s, board);
    await raw.opened;
    raw.ws.send(updateFrame(nodeUpdate('too-big', 100 * KiB))); // under MAX_MESSAGE_BYTES (2 MiB)
    expect((await raw.closed).code).toBe(CLOSE.tooLarge.code);
    const writer = providerClient(s.wsUrl, board.id, board.editToken);
    await synced(writer);
    const closed = closeCode(writer);
    addNode(writer.doc, { kind: 'aws.s3', x: 0, y: 0, label: `provider-too-big${'x'.repeat(100 * KiB)}` });
    expect(await closed).toBe(CLOSE.tooLarge.code);
    await sleep(300);
    expect(labels(watcher)).toEqual([]);
    const reader = providerClient(s.wsUrl, board.id, board.editToken);
    await synced(reader);
    expect(labels(reader)).toEqual([]);
    await stillServes(s, 'after update cap');
  });
});

describe('ABUSE-SIZE byte rate', () => {
  it('ABUSE-SIZE-3 a connection sending more than MAX_BYTES_PER_SECOND is closed with 4429; one within it is not', async () => {
    const s = await server({ MAX_BYTES_PER_SECOND: String(128 * KiB) }); // bursts of 2 s: 256 KiB
    const board = await createBoard(s);
    const raw = rawOn(s, board);
    await raw.opened;
    for (let i = 0; i < 6 && raw.ws.readyState === raw.ws.OPEN; i++)
      raw.ws.send(updateFrame(nodeUpdate(`flood-${i}`, 60 * KiB)));
    expect((await raw.closed).code).toBe(CLOSE.tooMany.code);

    // 30 KiB every 400 ms (75 KiB/s) for 3 s: under the rate, never closed
    const steady = providerClient(s.wsUrl, board.id, board.editToken);
    const watcher = providerClient(s.wsUrl, board.id, board.editToken);
    await Promise.all([synced(steady), synced(watcher)]);
    let code: number | undefined;
    void closeCode(steady).then((c) => (code = c));
    for (let i = 0; i < 8; i++) {
      addNode(steady.doc, { kind: 'aws.s3', x: i, y: 0, label: `steady-${i}:${'s'.repeat(30 * KiB)}` });
      await sleep(400);
    }
    await eventually(() => expect(labels(watcher).filter((l) => l.startsWith('steady-'))).toHaveLength(8));
    expect(code).toBeUndefined();
    await stillServes(s, 'after byte rate');
  });
});

describe('ABUSE-SIZE the embedded store', () => {
  it('ABUSE-SIZE-4 the SQLite WAL is truncated after a compaction', async () => {
    const s = await server({ COMPACT_BYTES: String(256 * KiB), LOG_LEVEL: 'debug' });
    const wal = join(s.dataDir, 'archboard.sqlite-wal');
    const board = await createBoard(s);
    const writer = providerClient(s.wsUrl, board.id, board.editToken);
    const watcher = providerClient(s.wsUrl, board.id, board.editToken);
    await Promise.all([synced(writer), synced(watcher)]);
    let largest = 0;
    for (let i = 0; i < 12; i++) {
      addNode(writer.doc, { kind: 'aws.s3', x: i, y: 0, label: `wal-${i}:${'w'.repeat(60 * KiB)}` });
      await sleep(50); // stored one by one, so no compaction runs before the last is in
      largest = Math.max(largest, statSync(wal).size);
    }
    await eventually(() => expect(labels(watcher)).toHaveLength(12));
    largest = Math.max(largest, statSync(wal).size);
    await eventually(() => expect(s.logs.some((l) => l.msg === 'board compacted')).toBe(true));
    const after = statSync(wal).size;
    console.info(`ABUSE-SIZE-4 WAL: ${largest} bytes before the compaction, ${after} after`);
    expect(largest).toBeGreaterThan(700 * KiB);
    expect(after).toBe(0);
    await stillServes(s, 'after WAL truncation');
  });
});

describe('ABUSE-SIZE loaded boards', () => {
  it('ABUSE-SIZE-5 past MAX_LOADED_BOARDS a join to a board not loaded is closed with 4513, and the unmodified provider gets in once a board is free', async () => {
    const s = await server({ MAX_LOADED_BOARDS: '2' });
    const [b1, b2, b3] = [await createBoard(s), await createBoard(s), await createBoard(s)];
    const c1 = providerClient(s.wsUrl, b1.id, b1.editToken);
    const c2 = providerClient(s.wsUrl, b2.id, b2.editToken);
    await Promise.all([synced(c1), synced(c2)]);
    const raw = rawOn(s, b3);
    expect(await raw.closed).toEqual({ code: CLOSE.busy.code, reason: CLOSE.busy.reason });
    // a board already loaded still takes joins
    const again = providerClient(s.wsUrl, b1.id, b1.editToken);
    await synced(again);
    again.destroy();

    const c3 = providerClient(s.wsUrl, b3.id, b3.editToken);
    const first = await closeCode(c3);
    expect(first).toBe(CLOSE.busy.code); // 45xx: the provider retries
    c1.destroy(); // b1 has nobody now: the next join may unload it
    await synced(c3, 15_000);
    addNode(c3.doc, { kind: 'aws.sqs', x: 0, y: 0, label: 'in' });
    c2.destroy();
    await stillServes(s, 'after loaded boards');
  });
});

/** Round trips of one small edit after another on a board of its own, each waiting for the server's echo. */
function pinger(s: RunningServer, board: { id: string; editToken: string }) {
  const raw = rawOn(s, board);
  const doc = new Y.Doc();
  const rtts: { at: number; ms: number }[] = [];
  let echo: (() => void) | undefined;
  raw.ws.on('message', (data: Buffer) => {
    if (data[0] === MESSAGE.sync && data[1] === SYNC.update) echo?.();
  });
  let running = true;
  void raw.closed.then(() => ((running = false), echo?.()));
  const done = (async () => {
    await raw.opened;
    for (let i = 0; running; i++) {
      let update: Uint8Array | undefined;
      doc.once('update', (u: Uint8Array) => (update = u));
      addNode(doc, { kind: 'generic.cache', x: i, y: 0 });
      const started = performance.now();
      await new Promise<void>((resolve) => {
        echo = resolve;
        raw.ws.send(updateFrame(update!));
      });
      rtts.push({ at: started, ms: performance.now() - started });
      await sleep(5);
    }
  })();
  return {
    /** The longest round trip that began in [from, to). */
    worst: (from: number, to: number) => Math.max(0, ...rtts.filter((r) => r.at >= from && r.at < to).map((r) => r.ms)),
    count: () => rtts.length,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

type PhaseFigures = Record<string, { pingMs: number; loopMs: number }>;

/**
 * Fills a board with `frames` (one list per writer connection, sent at once), lets it
 * unload (autosave version, compaction), then loads and syncs it to a new client `loads`
 * times (unloaded again in between), while a pinger edits another board throughout. Per
 * phase: the worst round trip on the other board and the server's longest event-loop delay;
 * for the loads, those of the load with the shortest delay (a step that holds the event
 * loop does so at every load; another process's burst on a shared machine, at one), and
 * every load's delay in `loopMsEach`. Resolves with them and the synced board.
 */
async function bigBoardPhases(
  frames: Uint8Array[][],
  loads = 1,
): Promise<{ figures: PhaseFigures; loopMsEach: number[]; board: Board }> {
  const s = await server({ ROOM_IDLE_MS: '300', METRICS_PORT: '0', LOG_LEVEL: 'debug' });
  const metricsPort = Number(s.logs.find((l) => l.msg === 'metrics listening')?.metricsPort);
  /** The server's own measure: the longest event-loop delay since the last call (prom-client resets it). */
  const loopMax = async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return Math.round(1000 * Number(/^archboard_process_nodejs_eventloop_lag_max_seconds (\S+)/m.exec(text)?.[1]));
  };
  const [big, small] = [await createBoard(s), await createBoard(s)];
  const ping = pinger(s, small);
  await eventually(() => expect(ping.count()).toBeGreaterThan(20));
  const figures: PhaseFigures = {};
  const phase = async (name: string, run: () => Promise<void>) => {
    await loopMax();
    const from = performance.now();
    await run();
    await sleep(100);
    figures[name] = { pingMs: Math.round(ping.worst(from, performance.now())), loopMs: await loopMax() };
  };
  const sent = frames.flat().reduce((n, f) => n + f.byteLength, 0) / frames.length;
  const writers = frames.map(() => rawOn(s, big));
  await Promise.all(writers.map((w) => w.opened));
  await phase('fill', async () => {
    writers.forEach((writer, w) => frames[w]!.forEach((frame) => writer.ws.send(frame)));
    // every writer gets every update back once it is stored
    const echoed = (w: (typeof writers)[number]) =>
      w.messages.filter((m) => m[0] === MESSAGE.sync && m[1] === SYNC.update).reduce((n, m) => n + m.byteLength, 0);
    await eventually(
      () => expect(Math.min(...writers.map(echoed))).toBeGreaterThan(sent * frames.length * 0.95),
      60_000,
    );
    writers.forEach((w) => (w.ws.close(), (w.messages.length = 0))); // the echoes: the test's own GC would show in its round trips
  });
  await phase('unload (autosave version, compaction)', async () => {
    await eventually(
      () => expect(s.logs.some((l) => l.msg === 'board compacted' && l.board === big.id)).toBe(true),
      30_000,
    );
    await sleep(500);
  });
  let state: Uint8Array | undefined;
  const LOAD = 'load and sync to a new client';
  const loopMsEach: number[] = [];
  let best: PhaseFigures[string] | undefined;
  for (let load = 0; load < loads; load++) {
    if (load > 0) {
      // unloaded again: only the pinged board's room is left
      await eventually(async () => expect(await openRooms(s)).toBe(1), 30_000);
      await sleep(500);
    }
    await phase(LOAD, async () => {
      // A raw client, so the test process does not apply the board while it measures.
      const reader = rawOn(s, big);
      await reader.opened;
      reader.ws.send(new Uint8Array([MESSAGE.sync, SYNC.step1, 1, 0])); // sync step 1 with an empty state vector
      await eventually(() => {
        state = reader.messages.find((m) => m[0] === MESSAGE.sync && m[1] === SYNC.step2);
        expect(state).toBeDefined();
      }, 30_000);
      reader.ws.close();
    });
    const figure = figures[LOAD]!;
    loopMsEach.push(figure.loopMs);
    if (!best || figure.loopMs < best.loopMs) best = figure;
  }
  figures[LOAD] = best!;
  await ping.stop();
  expect(ping.count()).toBeGreaterThan(100); // the other board was served throughout
  await stillServes(s, 'after a big board');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoding.createDecoder(state!.subarray(2))));
  return { figures, loopMsEach, board: readBoard(doc) };
}

describe('ABUSE-SIZE big boards', () => {
  it('ABUSE-SIZE-6 a board at the cap is filled, unloaded, loaded and synced while another board is served: no step holds the event loop for long', async () => {
    // The review's shape: updates of large texts, 8 connections × 4 × 480 KiB = 15 MiB (cap 16 MiB).
    // Built before the phases: the test process's own work would count in its round trips.
    const frames = Array.from({ length: 8 }, (_, w) =>
      Array.from({ length: 4 }, (_, i) => updateFrame(nodeUpdate(`w${w}-${i}:`, 480 * KiB))),
    );
    const { figures, loopMsEach, board } = await bigBoardPhases(frames, 3);
    expect(board.nodes).toHaveLength(32);
    console.info(
      `ABUSE-SIZE-6 per phase, the worst round trip on another board and the server's longest event-loop delay: ${JSON.stringify(figures)}; each load's delay: ${JSON.stringify(loopMsEach)}`,
    );
    // Measured on a 2-core CI machine: load and sync 33-43 ms, unload 28-32 ms, filling 50-80 ms
    // (README, Security); on a slow day of the same machine, loads 69-112 ms (fresh memory is
    // dear there: the board is copied to the doc thread and into the joiner's frame) and one
    // load in a full run 103 ms. Guarded at the best of three loads under 150 ms, so such a day
    // does not fail it, while a step back (130-240 ms at every load on a fast day, before this
    // test's fixes) still does on any day but the fastest.
    expect(figures['load and sync to a new client']!.loopMs).toBeLessThan(150);
    expect(figures['unload (autosave version, compaction)']!.loopMs).toBeLessThan(100);
  }, 120_000);

  it('ABUSE-SIZE-7 a board of 32,000 small nodes is filled, unloaded, loaded and synced: parsing, merging and applying it stay off the event loop', async () => {
    // 4 connections × 4 updates × 2,000 nodes: each update is some 300 KiB of small structs,
    // which Yjs takes tens of milliseconds to parse and seconds to apply as a whole board (the
    // whole board, 4.6 MiB, takes 1.2 s to apply: on the event loop before the doc thread).
    const frames = Array.from({ length: 4 }, (_, w) => {
      const doc = new Y.Doc();
      return Array.from({ length: 4 }, (_, i) => {
        const before = Y.encodeStateVector(doc);
        doc.transact(() => {
          for (let n = 0; n < 2000; n++)
            addNode(doc, { kind: 'aws.lambda', x: n, y: i * 10 + w, label: `w${w}-${i}-${n}` });
        });
        return updateFrame(Y.encodeStateAsUpdate(doc, before));
      });
    });
    const { figures, board } = await bigBoardPhases(frames);
    expect(board.nodes).toHaveLength(32_000);
    console.info(`ABUSE-SIZE-7 per phase (32,000 small nodes): ${JSON.stringify(figures)}`);
    // On a 2-core machine under a load average of 5: 20-50 ms per phase (the threads that
    // apply the board run below the event loop's priority); in a full test run beside other
    // busy files, up to about 0.2 s. Applying the board on the event loop held it 1.2 s to load.
    expect(figures['load and sync to a new client']!.loopMs).toBeLessThan(400);
    expect(figures['fill']!.loopMs).toBeLessThan(400);
  }, 180_000);
});

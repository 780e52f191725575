// A worker thread hosting a share of the bench clients: unmodified y-websocket providers
// or, with `provider: 'hocuspocus'`, unmodified @hocuspocus/provider clients (Node `ws` as
// the WebSocket), some of which write, all of which record when they observe the other
// clients' writes. Each client connects to one of `servers` (its spec's `server`, 0 by
// default); a delivery is cross-instance when the writer's server (`writerServers`) is
// not the receiver's, and is then recorded in `crossSamples` as well.
//
// Times are CLOCK_MONOTONIC (process.hrtime), in ms: one clock for every thread and
// process of the machine, so a writer in one worker and a receiver in another measure
// against the same origin (performance.timeOrigin is per thread).
//
// With `presenceHz`, every client also moves its cursor (awareness) that many times a second
// while the writers write, each on its own phase; with `ownPresenceOnly`, a provider sends
// only its own presence, as Archboard's page does (client/src/sync/ownPresence.ts: an
// unmodified provider sends back every presence it receives).
//
// Protocol with the main thread (each command answered by one message):
//   connect                      → { type: 'synced' }
//   run { start, warmupEnd, end } → { type: 'written', sent, sentMeasured }   writers write from start to end
//   expect { sent, drainMs }     → { type: 'result', samples, crossSamples, ... }   waits until every write arrived
//   close                        → { type: 'closed' }
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** @typedef {{ index: number, writer: number | null, server?: number }} ClientSpec */
/**
 * @type {{ servers: { serverUrl: string, room: string, params: Record<string, string> }[],
 *   provider?: 'y-websocket' | 'hocuspocus', writerServers?: number[], clients: ClientSpec[],
 *   writers: number, ratePerSecond: number, connectTimeoutMs: number, rampMs: number, totalClients: number,
 *   presenceHz?: number, ownPresenceOnly?: boolean }}
 */
const config = workerData;
/** The server of each writer (all on server 0 unless told). */
const writerServers = config.writerServers ?? Array.from({ length: config.writers }, () => 0);
/** Loaded only when asked for, so that the y-websocket bench never loads it. */
const HocuspocusProvider =
  config.provider === 'hocuspocus' ? (await import('@hocuspocus/provider')).HocuspocusProvider : undefined;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const now = () => Number(process.hrtime.bigint()) / 1e6;

process.setMaxListeners(0); // each provider adds a process 'exit' listener in Node

/** A growing list of (sentAt, latency) pairs, ms. */
function pairList() {
  let data = new Float64Array(1 << 16);
  let count = 0;
  return {
    push(sentAt, latency) {
      if (count * 2 + 2 > data.length) {
        const bigger = new Float64Array(data.length * 2);
        bigger.set(data);
        data = bigger;
      }
      data[count * 2] = sentAt;
      data[count * 2 + 1] = latency;
      count++;
    },
    /** A copy of the pairs, to transfer. */
    take: () => data.slice(0, count * 2),
  };
}
/** Deliveries of measured writes (sent in [warmupEnd, end)), and the cross-instance ones among them. */
const samples = pairList();
const crossSamples = pairList();

let measured = { start: Infinity, warmupEnd: Infinity, end: Infinity };
/** received[local client][writer]: distinct writes of that writer the client observed. */
const received = config.clients.map(() => new Int32Array(config.writers));
const disconnects = config.clients.map(() => 0);
/** @type {string[]} */
const closeEvents = [];

const clients = config.clients.map((spec, local) => {
  const doc = new Y.Doc();
  const map = doc.getMap('bench');
  const server = spec.server ?? 0;
  map.observe((event) => {
    if (event.transaction.local) return; // the writer's own change
    const t = now();
    for (const key of event.keysChanged) {
      const value = /** @type {{ writer: number, seq: number, sentAt: number } | undefined} */ (map.get(key));
      if (!value) continue;
      /** @type {Int32Array} */ (received[local])[value.writer]++;
      if (value.sentAt >= measured.warmupEnd && value.sentAt < measured.end) {
        samples.push(value.sentAt, t - value.sentAt);
        if (writerServers[value.writer] !== server) crossSamples.push(value.sentAt, t - value.sentAt);
      }
    }
  });
  return { spec, doc, map, provider: /** @type {{ destroy(): void } | undefined} */ (undefined) };
});

function connect() {
  return Promise.all(
    clients.map(
      (client, local) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`client ${client.spec.index} did not sync in ${config.connectTimeoutMs} ms`)),
            config.connectTimeoutMs + config.rampMs,
          );
          // Clients join one after another over rampMs, as users open a board at different moments
          // (see the bench's header: this spreads their awareness renewals).
          setTimeout(
            () => open(client, local, resolve, timer),
            (client.spec.index * config.rampMs) / config.totalClients,
          );
        }),
    ),
  );
}

function open(client, local, resolve, timer) {
  const server = /** @type {(typeof config.servers)[number]} */ (config.servers[client.spec.server ?? 0]);
  if (HocuspocusProvider) return openHocuspocus(HocuspocusProvider, server, client, local, resolve, timer);
  const provider = new WebsocketProvider(server.serverUrl, server.room, client.doc, {
    params: server.params,
    WebSocketPolyfill: /** @type {any} */ (WebSocket),
    disableBc: true,
  });
  client.provider = provider;
  if (config.ownPresenceOnly) sendOwnPresenceOnly(provider);
  provider.on('sync', (synced) => {
    if (synced) {
      clearTimeout(timer);
      resolve(undefined);
    }
  });
  provider.on('status', ({ status }) => {
    if (status === 'disconnected') disconnects[local]++;
  });
  provider.on('connection-close', (event) => {
    if (event) closeEvents.push(`client ${client.spec.index}: ${event.code} ${event.reason ?? ''}`.trim());
  });
}

/** The bench's copy of client/src/sync/ownPresence.ts (plain JS here): only this client's own presence goes out. */
function sendOwnPresenceOnly(provider) {
  const { awareness } = provider;
  awareness.off('update', provider._awarenessUpdateHandler);
  awareness.on('update', ({ added, updated, removed }) => {
    const me = awareness.clientID;
    if (!added.includes(me) && !updated.includes(me) && !removed.includes(me)) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1); // awareness
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [me]));
    if (provider.wsconnected && provider.ws?.readyState === 1) provider.ws.send(encoding.toUint8Array(encoder));
  });
}

/** Moves every client's cursor presenceHz times a second from start to end, each on a random phase. */
function movePresence(start, end) {
  if (!config.presenceHz) return;
  const period = 1000 / config.presenceHz;
  for (const client of clients) {
    const awareness = /** @type {any} */ (client.provider)?.awareness;
    if (!awareness) continue;
    let n = 0;
    const move = () => {
      if (now() >= end) return;
      awareness.setLocalStateField('cursor', { x: n++, y: client.spec.index });
      setTimeout(move, period);
    };
    setTimeout(move, Math.max(0, start - now()) + Math.random() * period);
  }
}

/** The same with a Hocuspocus provider: its own socket per client, the room as the document name. */
function openHocuspocus(Provider, server, client, local, resolve, timer) {
  const provider = new Provider({
    url: server.serverUrl,
    name: server.room,
    document: client.doc,
    WebSocketPolyfill: WebSocket,
  });
  client.provider = provider;
  provider.on('synced', ({ state }) => {
    if (state) {
      clearTimeout(timer);
      resolve(undefined);
    }
  });
  provider.on('status', ({ status }) => {
    if (status === 'disconnected') disconnects[local]++;
  });
  provider.on('close', ({ event }) => {
    if (event) closeEvents.push(`client ${client.spec.index}: ${event.code} ${event.reason ?? ''}`.trim());
  });
}

/** @type {Map<number, number>} writer → writes made */
const sent = new Map();
/** @type {Map<number, number>} writer → writes made in the measured window */
const sentMeasured = new Map();

/** Each writer sets one new key per write, on its own phase, at ratePerSecond. */
function write(start, end) {
  const period = 1000 / config.ratePerSecond;
  const writers = clients.filter((c) => c.spec.writer !== null);
  return Promise.all(
    writers.map(
      (client) =>
        new Promise((resolve) => {
          const writer = /** @type {number} */ (client.spec.writer);
          const phase = (writer * period) / config.writers;
          let seq = 0;
          sent.set(writer, 0);
          sentMeasured.set(writer, 0);
          const tick = () => {
            const t = now();
            if (t >= end) return resolve(undefined);
            if (t >= start + phase + seq * period) {
              // The local change, stamped just before it is made; the provider sends it at once.
              const sentAt = now();
              client.map.set(`w${writer}:${seq}`, { writer, seq, sentAt });
              seq++;
              sent.set(writer, seq);
              if (sentAt >= measured.warmupEnd) sentMeasured.set(writer, (sentMeasured.get(writer) ?? 0) + 1);
            }
            setTimeout(tick, Math.max(0, start + phase + seq * period - now()));
          };
          setTimeout(tick, Math.max(0, start + phase - now()));
        }),
    ),
  );
}

/** Waits until each local client observed every write of every other client, or drainMs passes. */
async function drain(sentByWriter, drainMs) {
  const deadline = now() + drainMs;
  const missingOf = () => {
    let missing = 0;
    config.clients.forEach((spec, local) => {
      for (let w = 0; w < config.writers; w++) {
        if (spec.writer === w) continue;
        missing += Math.max(0, sentByWriter[w] - /** @type {Int32Array} */ (received[local])[w]);
      }
    });
    return missing;
  };
  while (missingOf() > 0 && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  /** @type {{ client: number, writer: number, sent: number, received: number }[]} */
  const gaps = [];
  config.clients.forEach((spec, local) => {
    for (let w = 0; w < config.writers; w++) {
      if (spec.writer === w) continue;
      const got = /** @type {Int32Array} */ (received[local])[w];
      if (got !== sentByWriter[w]) gaps.push({ client: spec.index, writer: w, sent: sentByWriter[w], received: got });
    }
  });
  return gaps;
}

let elu = performance.eventLoopUtilization();

port.on('message', async (message) => {
  try {
    switch (message.type) {
      case 'connect':
        await connect();
        return port.postMessage({ type: 'synced' });
      case 'run': {
        measured = message;
        const startElu = new Promise((resolve) =>
          setTimeout(() => resolve(performance.eventLoopUtilization()), Math.max(0, message.warmupEnd - now())),
        );
        movePresence(message.start, message.end);
        await write(message.start, message.end);
        const base = await startElu;
        const loop = performance.eventLoopUtilization(/** @type {any} */ (base));
        elu = loop;
        return port.postMessage({
          type: 'written',
          sent: Object.fromEntries(sent),
          sentMeasured: Object.fromEntries(sentMeasured),
        });
      }
      case 'expect': {
        const gaps = await drain(message.sent, message.drainMs);
        const out = samples.take();
        const cross = crossSamples.take();
        return port.postMessage(
          {
            type: 'result',
            samples: out,
            crossSamples: cross,
            deliveries: received.reduce((sum, counts) => sum + counts.reduce((a, b) => a + b, 0), 0),
            gaps,
            disconnects: disconnects.reduce((a, b) => a + b, 0),
            closeEvents,
            eventLoopUtilization: elu.utilization,
          },
          [out.buffer, cross.buffer],
        );
      }
      case 'close':
        for (const client of clients) {
          client.provider?.destroy();
          client.doc.destroy();
        }
        return port.postMessage({ type: 'closed' });
    }
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});

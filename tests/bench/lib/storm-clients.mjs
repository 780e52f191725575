// A child process (child_process.fork) holding a share of the join-storm bench's clients,
// all created at one agreed instant, each with nothing of the board. Two kinds:
//   provider  unmodified y-websocket providers (Node `ws` as the WebSocket, no
//             BroadcastChannel), each with an empty Y.Doc. Records `arrived`, when the
//             server's sync step 2 (the first message over 64 KB) reached the socket, before
//             the provider applies it, and `synced`, the provider's 'sync' event once the doc
//             holds `expectNodes` nodes (the content check), plus its state vector.
//   raw       a bare WebSocket speaking the y-websocket protocol: sends sync step 1 with an
//             empty state vector and records `arrived` when the answer (sync step 2) is in,
//             with a SHA-256 of it. It applies nothing, so many of them in one process measure
//             the server's delivery rather than the clients' Yjs work.
// Times are ms after that instant (CLOCK_MONOTONIC, one clock for every process of the
// machine). A provider's `synced` includes its own Yjs work (~0.3 s for 4 MB here), which
// on one machine queues behind the other clients of the same process.
//
// Protocol with the parent (process.send; each command answered by one message):
//   join { kind, serverUrl, board, token, count, startAt, expectNodes, timeoutMs }
//        → { type: 'joined', clients: [{ arrived, synced?, nodes?, stateVector?, sha256? }], failed, errors }
//   close → { type: 'closed' }
import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { importSharedSource } from './sharedSource.mjs';

const { boardMaps } = await importSharedSource("export { boardMaps } from '@archboard/shared';");
const now = () => Number(process.hrtime.bigint()) / 1e6;
const send = (message) => /** @type {(m: unknown) => void} */ (process.send)(message);
process.setMaxListeners(0); // each provider adds a process 'exit' listener in Node

/** @type {{ destroy: () => void }[]} */
let clients = [];

/** y-websocket's sync step 1 with an empty state vector: message 0 (sync), step 0, state vector [0]. */
const EMPTY_STEP1 = new Uint8Array([0, 0, 1, 0]);

/**
 * The provider's WebSocket, `ws` as it is, with one listener of our own added before the
 * provider sets its `onmessage`: it notes when the big message arrives.
 * @param {(at: number) => void} onBig
 */
function recordingSocket(onBig) {
  return class extends WebSocket {
    /** @param {ConstructorParameters<typeof WebSocket>} args */
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = /** @type {ArrayBuffer | Buffer} */ (event.data);
        if (data.byteLength > 64 * 1024) onBig(now());
      });
    }
  };
}

/**
 * @param {{ serverUrl: string, board: string, token: string, startAt: number, expectNodes: number, timeoutMs: number }} m
 */
function joinOne(m) {
  const doc = new Y.Doc();
  /** @type {number | undefined} */
  let arrived;
  const provider = new WebsocketProvider(m.serverUrl, m.board, doc, {
    params: { token: m.token },
    WebSocketPolyfill: /** @type {any} */ (recordingSocket((at) => (arrived ??= at - m.startAt))),
    disableBc: true,
  });
  clients.push({ destroy: () => (provider.destroy(), doc.destroy()) });
  const nodes = boardMaps(doc).nodes;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not synced after ${m.timeoutMs} ms (${nodes.size} nodes)`)),
      m.timeoutMs,
    );
    const done = () => {
      if (!provider.synced || nodes.size < m.expectNodes) return;
      clearTimeout(timer);
      doc.off('update', done);
      resolve({
        arrived: arrived ?? NaN,
        synced: now() - m.startAt,
        nodes: nodes.size,
        stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('base64'),
      });
    };
    provider.on('sync', done);
    doc.on('update', done);
  });
}

/**
 * @param {{ serverUrl: string, board: string, token: string, startAt: number, timeoutMs: number }} m
 */
function joinRaw(m) {
  const ws = new WebSocket(`${m.serverUrl}/${m.board}?token=${encodeURIComponent(m.token)}`);
  clients.push({ destroy: () => ws.terminate() });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync step 2 after ${m.timeoutMs} ms`)), m.timeoutMs);
    ws.on('error', (e) => reject(e));
    ws.on('close', (code) => reject(new Error(`closed ${code} before sync step 2`)));
    ws.on('open', () => ws.send(EMPTY_STEP1));
    ws.on('message', (/** @type {Buffer} */ data) => {
      // [0 sync][1 step 2][length][update]: the length is a varint, the update follows it.
      if (data[0] !== 0 || data[1] !== 1) return;
      const arrived = now() - m.startAt;
      let offset = 2;
      while (/** @type {number} */ (data[offset]) & 0x80) offset++;
      clearTimeout(timer);
      resolve({
        arrived,
        bytes: data.byteLength,
        sha256: createHash('sha256')
          .update(data.subarray(offset + 1))
          .digest('hex'),
      });
    });
  });
}

process.on('message', async (/** @type {any} */ message) => {
  try {
    if (message.type === 'join') {
      // Sleep most of the wait, then spin the last milliseconds: every process starts together.
      const wait = message.startAt - now();
      if (wait > 5) await new Promise((r) => setTimeout(r, wait - 5));
      while (now() < message.startAt);
      const join = message.kind === 'raw' ? joinRaw : joinOne;
      const joins = Array.from({ length: message.count }, () => join(message));
      const settled = await Promise.allSettled(joins);
      send({
        type: 'joined',
        clients: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
        failed: settled.filter((s) => s.status === 'rejected').length,
        errors: settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : [])).slice(0, 3),
      });
    } else if (message.type === 'close') {
      for (const client of clients) client.destroy();
      clients = [];
      send({ type: 'closed' });
    }
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

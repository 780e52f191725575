// A child process (child_process.fork) holding a share of the density bench's idle
// clients: one unmodified y-websocket provider (Node `ws` as the WebSocket, its own Y.Doc
// and awareness, no BroadcastChannel) per board, as a browser tab that has a board open and
// does nothing would be. Its presence is a name and a colour; the provider renews it every
// 15 s, as every tab does.
//
// Protocol with the parent (process.send; each command answered by one message):
//   open { set, serverUrl, boards: [{ id, token }], concurrency, timeoutMs }
//        → { type: 'opened', synced, failed, errors, ms }   a set of clients, every one synced (or failed)
//   close { set } → { type: 'closed' }                     every provider of the set destroyed
//   check { set, board, node, timeoutMs } → { type: 'checked', found, ms }   that client has that node
//   stats → { type: 'stats', rss, open, closes }
// Closes the server made (other than by `close`) are counted: an idle client must stay up.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { importSharedSource } from './sharedSource.mjs';

const { boardMaps } = await importSharedSource("export { boardMaps } from '@archboard/shared';");

process.setMaxListeners(0); // each provider adds a process 'exit' listener in Node

/** @type {Map<string, Map<string, { provider: WebsocketProvider, doc: Y.Doc, closing: boolean }>>} set → board id → its client */
const sets = new Map();
/** Closes of a synced client's socket not asked for (close codes by count). */
const closes = new Map();

const send = (message) => /** @type {(m: unknown) => void} */ (process.send)(message);

/**
 * One provider, resolved when it synced or rejected after timeoutMs.
 * @param {Map<string, { provider: WebsocketProvider, doc: Y.Doc, closing: boolean }>} clients its set
 * @param {string} serverUrl
 * @param {{ id: string, token: string }} board
 * @param {number} timeoutMs
 */
function openClient(clients, serverUrl, board, timeoutMs) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, board.id, doc, {
    params: { token: board.token },
    WebSocketPolyfill: /** @type {any} */ (WebSocket),
    disableBc: true,
  });
  provider.awareness.setLocalState({
    user: { name: `Idle ${board.id.slice(0, 6)}`, color: '#1c7ed6' },
    cursor: null,
    selection: [],
  });
  const entry = { provider, doc, closing: false };
  clients.set(board.id, entry);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('did not sync in time')), timeoutMs);
    provider.on('connection-close', (/** @type {CloseEvent | null} */ event) => {
      if (entry.closing) return;
      const code = String(event?.code ?? 'none');
      closes.set(code, (closes.get(code) ?? 0) + 1);
    });
    provider.once('sync', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

process.on('message', async (/** @type {any} */ message) => {
  try {
    if (message.type === 'open') {
      const clients = new Map();
      sets.set(message.set, clients);
      const start = performance.now();
      let next = 0;
      let synced = 0;
      let failed = 0;
      /** @type {string[]} */
      const errors = [];
      // A bounded number of handshakes in flight, so the server sees a steady stream of joins.
      const lane = async () => {
        while (next < message.boards.length) {
          const board = message.boards[next++];
          try {
            await openClient(clients, message.serverUrl, board, message.timeoutMs);
            synced++;
          } catch (e) {
            failed++;
            if (errors.length < 5) errors.push(`${board.id}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: message.concurrency }, lane));
      send({ type: 'opened', synced, failed, errors, ms: performance.now() - start });
    } else if (message.type === 'close') {
      for (const entry of sets.get(message.set)?.values() ?? []) {
        entry.closing = true;
        entry.provider.destroy();
        entry.doc.destroy();
      }
      sets.delete(message.set);
      send({ type: 'closed' });
    } else if (message.type === 'check') {
      const client = sets.get(message.set)?.get(message.board);
      const start = performance.now();
      const nodes = client ? boardMaps(client.doc).nodes : undefined;
      const found = await new Promise((resolve) => {
        if (!nodes) return resolve(false);
        if (nodes.has(message.node)) return resolve(true);
        const timer = setTimeout(() => (nodes.unobserve(seen), resolve(false)), message.timeoutMs);
        const seen = () => {
          if (!nodes.has(message.node)) return;
          clearTimeout(timer);
          nodes.unobserve(seen);
          resolve(true);
        };
        nodes.observe(seen);
      });
      send({ type: 'checked', found, ms: performance.now() - start });
    } else if (message.type === 'stats') {
      let open = 0;
      for (const clients of sets.values())
        for (const { provider } of clients.values()) if (provider.wsconnected) open++;
      send({ type: 'stats', rss: process.memoryUsage().rss, open, closes: Object.fromEntries(closes) });
    }
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

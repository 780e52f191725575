// The soak's users: unmodified y-websocket providers (Node `ws` as the WebSocket), each on
// the frontend of its "home" instance. Writers open the board's edit link and each sets a
// new key of the map "soak" every `writeEveryMs`; readers open the view link. Every write
// is entered in the ledger with its Yjs id (client id, clock), and counts as acknowledged
// the first time a client other than its writer observes it: the server stores an edit
// before anyone else can see it, so from then on it must never be lost.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

process.setMaxListeners(0); // each provider adds a process 'exit' listener in Node

/**
 * @typedef {object} Write
 * @property {string} key
 * @property {number} writer the index of the client that made it
 * @property {number} client its Yjs client id
 * @property {number} clock its Yjs clock
 * @property {number} writtenAt Date.now()
 * @property {number | undefined} ackedAt when another client first saw it
 */

/**
 * @typedef {object} SoakClient
 * @property {number} index
 * @property {'writer' | 'reader'} role
 * @property {number} home the frontend (instance) it connects through
 * @property {Y.Doc} doc
 * @property {Y.Map<unknown>} map
 * @property {WebsocketProvider} provider
 */

/**
 * @param {{ wsUrls: string[], board: string, editToken: string, viewToken: string,
 *   writersPerFrontend: number, readersPerFrontend: number, writeEveryMs: number }} options
 */
export function startClients(options) {
  /** @type {Map<string, Write>} */
  const ledger = new Map();
  const events = { disconnects: 0, /** @type {Record<string, number>} */ closeCodes: {}, permissionDenied: 0 };
  // y-websocket warns when the server refuses an update from a view link: a reader that
  // reconnects to an instance that has not yet received an edit the reader holds sends it
  // in its sync step 2, and the server refuses it (it is stored already). Counted, not printed.
  const warn = console.warn;
  console.warn = (...args) => {
    if (String(args[0]).startsWith('Permission denied')) events.permissionDenied++;
    else warn(...args);
  };
  /** @type {SoakClient[]} */
  const clients = [];
  options.wsUrls.forEach((wsUrl, home) => {
    for (let i = 0; i < options.writersPerFrontend + options.readersPerFrontend; i++) {
      const role = i < options.writersPerFrontend ? 'writer' : 'reader';
      clients.push(open(clients.length, role, home, wsUrl));
    }
  });

  /**
   * @param {number} index
   * @param {'writer' | 'reader'} role
   * @param {number} home
   * @param {string} wsUrl
   * @returns {SoakClient}
   */
  function open(index, role, home, wsUrl) {
    const doc = new Y.Doc();
    const map = doc.getMap('soak');
    map.observe((event) => {
      if (event.transaction.local) return;
      for (const key of event.keysChanged) {
        const write = ledger.get(key);
        if (write && write.writer !== index && write.ackedAt === undefined) write.ackedAt = Date.now();
      }
    });
    const token = role === 'writer' ? options.editToken : options.viewToken;
    const provider = new WebsocketProvider(wsUrl, options.board, doc, {
      params: { token },
      WebSocketPolyfill: /** @type {any} */ (WebSocket),
      disableBc: true,
    });
    provider.awareness.setLocalStateField('user', { name: `soak ${role} ${index}` });
    provider.on('status', (/** @type {{ status: string }} */ { status }) => {
      if (status === 'disconnected') events.disconnects++;
    });
    provider.on('connection-close', (/** @type {{ code: number } | null} */ event) => {
      const code = String(event?.code ?? 'none');
      events.closeCodes[code] = (events.closeCodes[code] ?? 0) + 1;
    });
    return { index, role, home, doc, map, provider };
  }

  /** @type {ReturnType<typeof setTimeout>[]} */
  const timers = [];
  let writing = false;
  const writers = clients.filter((c) => c.role === 'writer');
  /** @type {Map<number, Write>} writer index → its last write */
  const lastWrite = new Map();

  function write(client, seq) {
    const key = `w${client.index}:${seq}`;
    const clock = Y.getState(client.doc.store, client.doc.clientID);
    client.map.set(key, seq);
    const entry = {
      key,
      writer: client.index,
      client: client.doc.clientID,
      clock,
      writtenAt: Date.now(),
      ackedAt: undefined,
    };
    ledger.set(key, entry);
    lastWrite.set(client.index, entry);
  }

  return {
    clients,
    ledger,
    events,
    /** Writers write until stopWriting(), each on its own phase. */
    startWriting() {
      writing = true;
      writers.forEach((client, w) => {
        let seq = 0;
        const tick = () => {
          if (!writing) return;
          write(client, seq++);
          timers[w] = setTimeout(tick, options.writeEveryMs);
        };
        timers[w] = setTimeout(tick, (w * options.writeEveryMs) / writers.length);
      });
    },
    stopWriting() {
      writing = false;
      timers.forEach((t) => clearTimeout(t));
    },
    /** Each writer's latest write, as it is now. */
    latestWrites: () => [...lastWrite.values()],
    /** Every client connected and synced. */
    allSynced: () => clients.every((c) => c.provider.wsconnected && c.provider.synced),
    destroy() {
      this.stopWriting();
      for (const client of clients) {
        client.provider.destroy();
        client.doc.destroy();
      }
    },
  };
}

/** A fresh, unmodified y-websocket client; resolves with its doc once synced, or undefined after `timeoutMs`. */
export function freshClient(wsUrl, board, token, timeoutMs) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, board, doc, {
    params: { token },
    WebSocketPolyfill: /** @type {any} */ (WebSocket),
    disableBc: true,
  });
  return new Promise((resolve) => {
    const done = (/** @type {Y.Doc | undefined} */ result) => {
      clearTimeout(timer);
      provider.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    provider.on('sync', (/** @type {boolean} */ synced) => synced && done(doc));
  });
}

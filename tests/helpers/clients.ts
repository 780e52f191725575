import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterEach } from 'vitest';

process.setMaxListeners(200); // each y-websocket provider adds an exit listener in Node
const open = new Set<{ destroy(): void }>();
afterEach(() => {
  for (const client of open) client.destroy();
  open.clear();
});

export interface ProviderClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** An unmodified y-websocket provider in Node, as a browser tab would use it. Destroyed after each test. */
export function providerClient(wsUrl: string, board: string, token: string, doc = new Y.Doc()): ProviderClient {
  const provider = new WebsocketProvider(wsUrl, board, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const client = {
    doc,
    provider,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
  open.add(client);
  return client;
}

export function synced(client: ProviderClient, timeoutMs = 10_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    client.provider.once('sync', (isSynced: boolean) => {
      if (isSynced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** Waits until `check` passes, polling; fails with the last error after `timeoutMs`. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
}

/**
 * A bare WebSocket for hand-built (and hostile) frames. `options`: ws's own, such as
 * `headers` (X-Forwarded-For) or `localAddress` (another loopback address to come from).
 */
export function rawClient(url: string, options?: WebSocket.ClientOptions): RawClient {
  const ws = new WebSocket(url, options);
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  ws.on('error', () => {}); // the close event carries what the tests assert
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed before open: ${code}`)));
  });
  opened.catch(() => {});
  open.add({ destroy: () => ws.terminate() });
  return { ws, messages, closed, opened };
}

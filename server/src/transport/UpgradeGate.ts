import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export interface UpgradeGateOptions {
  /** Origins allowed besides the server's own (`ALLOWED_ORIGINS`); `*` allows any. */
  allowedOrigins: readonly string[] | '*';
  /** WebSocket connections, upgrades in progress included, per client address (see clientAddress.ts); 0: no limit. */
  maxConnectionsPerIp: number;
}

export type GateVerdict = { ok: true } | { ok: false; status: 403 | 429; reason: string };

/**
 * Reads `ALLOWED_ORIGINS`: `*`, or origins separated by commas (`https://board.example.com`,
 * scheme and host and an optional port, nothing after). Unset: none besides the own origin.
 * Throws an Error naming the first bad entry.
 */
export function parseOrigins(value: string | undefined): readonly string[] | '*' {
  if (value === undefined || value.trim() === '') return [];
  if (value.trim() === '*') return '*';
  return value.split(',').map((raw) => {
    const entry = raw.trim();
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!url || !bare || !/^https?:$/.test(url.protocol))
      throw new Error(`"${entry}" is not an origin such as https://board.example.com`);
    return url.origin;
  });
}

/**
 * Whether an Origin header may open a socket. No Origin: not a browser (the y-websocket
 * provider in Node, the CLI), which a page cannot make; the token still decides. Otherwise
 * the origin must be listed or be the server's own, i.e. its host equal the request's Host.
 * A Host without a port (nginx's `$host` drops it) is compared by host name alone.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[] | '*',
): boolean {
  if (origin === undefined || allowed === '*') return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, files) and garbage
  }
  if (!/^https?:$/.test(url.protocol)) return false;
  if (allowed.includes(url.origin)) return true;
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec((host ?? '').trim().toLowerCase());
  if (!match || match[1] !== url.hostname) return false;
  return match[2] === undefined || match[2] === (url.port || (url.protocol === 'https:' ? '443' : '80'));
}

/**
 * The address a connection is counted against: IPv4 as it is (mapped IPv6 included), IPv6
 * by its /64, since one host usually holds a whole /64 to pick addresses from.
 */
export function addressKey(address: string | undefined): string {
  const plain = (address ?? '').split('%')[0]!.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped) return mapped[1]!;
  if (!plain.includes(':')) return plain;
  const [left = '', right] = plain.split('::', 2);
  const head = left === '' ? [] : left.split(':');
  const tail = right === undefined || right === '' ? [] : right.split(':');
  const groups =
    right === undefined
      ? head
      : [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Checks each WebSocket upgrade before anything is allocated for it: its Origin (403) and
 * how many sockets its client address holds (429). An admitted upgrade counts against its
 * address until its TCP socket closes, whatever happens to it after (refused by token, or
 * open). The caller derives the address (`clientAddress`), so that behind a trusted proxy
 * it is the one the proxy forwarded, the same one the HTTP rate limit keys on.
 */
export class UpgradeGate {
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly options: UpgradeGateOptions) {}

  admit(req: IncomingMessage, socket: Duplex, address: string | undefined): GateVerdict {
    if (!originAllowed(req.headers.origin, req.headers.host, this.options.allowedOrigins)) {
      return { ok: false, status: 403, reason: 'origin not allowed' };
    }
    const max = this.options.maxConnectionsPerIp;
    if (max === 0) return { ok: true };
    const key = addressKey(address);
    const count = this.perAddress.get(key) ?? 0;
    if (count >= max) return { ok: false, status: 429, reason: `${count} connections from this address` };
    this.perAddress.set(key, count + 1);
    socket.once('close', () => {
      const left = (this.perAddress.get(key) ?? 1) - 1;
      if (left > 0) this.perAddress.set(key, left);
      else this.perAddress.delete(key);
    });
    return { ok: true };
  }

  /** Sockets counted against an address now (for tests and metrics). */
  connectionsFrom(address: string): number {
    return this.perAddress.get(addressKey(address)) ?? 0;
  }
}

/** Answers an upgrade request with a plain HTTP error and closes the socket: no WebSocket is made. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

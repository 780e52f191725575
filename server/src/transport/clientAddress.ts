import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import proxyAddr from '@fastify/proxy-addr';

/**
 * The trust boundary for client addresses: X-Forwarded-For is believed only hop by hop,
 * from the right, while the hop that added the entry is a trusted proxy. A client that
 * sends the header itself, straight to the server or through nginx (which appends the
 * real peer), cannot move its address, because the walk stops at the first untrusted hop.
 *
 * One function decides this for both sides: fastify takes it as `trustProxy` (so
 * `request.ip`, and the creation rate limit keyed by it, use it) and the WebSocket upgrade,
 * which is answered on the raw HTTP server before fastify sees it, calls `clientAddress`
 * with it. Both walk the header with `@fastify/proxy-addr`, the library fastify uses.
 */
export type TrustProxy = (address: string, hop: number) => boolean;

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const badEntry = (entry: string) =>
  `"${entry}" is not an address, a CIDR range (such as 10.0.0.0/8), loopback, linklocal or uniquelocal`;

/**
 * Reads `TRUSTED_PROXIES`: addresses and CIDR ranges separated by commas, or proxy-addr's
 * names `loopback`, `linklocal` and `uniquelocal`. Unset or empty: no proxy is trusted and
 * the header is ignored. Not a hop count: that trusts whatever peer connects, so a server
 * port reachable around the proxy would let anyone choose their address. Throws an Error
 * naming the first bad entry.
 */
export function parseTrustedProxies(value: string | undefined): TrustProxy | undefined {
  const entries = (value ?? '').split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) return undefined;
  for (const entry of entries) {
    // isIP first: proxy-addr would read `1` (a hop count, meant or not) as the address 0.0.0.1.
    const named = NAMED_RANGES.includes(entry);
    if (!named && isIP(entry.split('/')[0]!) === 0) throw new Error(badEntry(entry));
    try {
      proxyAddr.compile(entry);
    } catch {
      throw new Error(badEntry(entry));
    }
  }
  return proxyAddr.compile(entries);
}

/** The address a request counts against: the socket's, or the nearest untrusted hop's when proxies are trusted. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | undefined): string | undefined {
  return trust ? proxyAddr(req, trust) : req.socket.remoteAddress;
}

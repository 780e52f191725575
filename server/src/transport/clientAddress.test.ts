import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { clientAddress, parseTrustedProxies } from './clientAddress';

/** What proxy-addr reads of a request: the peer's address and X-Forwarded-For. */
const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('client address behind proxies (WS-PROXY)', () => {
  it('WS-PROXY-1 without TRUSTED_PROXIES the header is ignored: the peer is the client', () => {
    const trust = parseTrustedProxies(undefined);
    expect(trust).toBeUndefined();
    expect(parseTrustedProxies(' , ')).toBeUndefined();
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), trust)).toBe('203.0.113.7');
  });

  it('WS-PROXY-2 a trusted peer names the client: the nearest hop it did not add itself', () => {
    const trust = parseTrustedProxies('127.0.0.1, 10.0.0.0/8');
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), trust)).toBe('198.51.100.1');
    expect(clientAddress(request('::ffff:127.0.0.1', '198.51.100.1'), trust)).toBe('198.51.100.1');
    // a chain of trusted proxies is walked from the right
    expect(clientAddress(request('127.0.0.1', '198.51.100.1, 10.1.2.3'), trust)).toBe('198.51.100.1');
    // a client's own header, appended to by nginx ($proxy_add_x_forwarded_for): what it wrote is skipped
    expect(clientAddress(request('127.0.0.1', '192.0.2.66, 198.51.100.1'), trust)).toBe('198.51.100.1');
    // no header from a trusted proxy: the proxy itself
    expect(clientAddress(request('127.0.0.1'), trust)).toBe('127.0.0.1');
  });

  it('WS-PROXY-3 an untrusted peer cannot choose its address by sending the header', () => {
    const trust = parseTrustedProxies('127.0.0.1');
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), trust)).toBe('203.0.113.7');
    expect(clientAddress(request('203.0.113.7', '127.0.0.1, 198.51.100.1'), trust)).toBe('203.0.113.7');
  });

  it('WS-PROXY-4 TRUSTED_PROXIES takes addresses, CIDR ranges and proxy-addr names; a hop count or garbage refuses to start', () => {
    const named = parseTrustedProxies('loopback, uniquelocal, linklocal, ::1, fd00::/8');
    expect(clientAddress(request('::1', '198.51.100.1'), named)).toBe('198.51.100.1');
    expect(clientAddress(request('172.20.0.5', '198.51.100.1'), named)).toBe('198.51.100.1');
    for (const bad of ['1', '2', 'nginx', '10.0.0.0/33', '10.1', '127.0.0.1,', 'any']) {
      expect(() => parseTrustedProxies(bad), bad).toThrow();
      expect(() => loadConfig({ TRUSTED_PROXIES: bad }), bad).toThrow(ConfigError);
    }
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8' }).TRUSTED_PROXIES).toBe('10.0.0.0/8');
    expect(loadConfig({}).TRUSTED_PROXIES).toBeUndefined();
  });
});

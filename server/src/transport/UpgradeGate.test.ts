import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { addressKey, originAllowed, parseOrigins } from './UpgradeGate';

describe('upgrade gate (WS-GATE)', () => {
  it('WS-GATE-1 the own origin: the Origin host equals Host, port included when Host has one', () => {
    expect(originAllowed('http://board.example.com:8080', 'board.example.com:8080', [])).toBe(true);
    expect(originAllowed('https://board.example.com', 'board.example.com:443', [])).toBe(true);
    expect(originAllowed('https://Board.Example.com', 'board.example.com', [])).toBe(true);
    expect(originAllowed('http://[::1]:8080', '[::1]:8080', [])).toBe(true);
    // nginx's $host drops the port: compared by name
    expect(originAllowed('http://localhost:8088', 'localhost', [])).toBe(true);
    expect(originAllowed('http://board.example.com:9999', 'board.example.com:8080', [])).toBe(false);
    expect(originAllowed('https://evil.example', 'board.example.com', [])).toBe(false);
    expect(originAllowed('https://board.example.com.evil.example', 'board.example.com', [])).toBe(false);
  });

  it('WS-GATE-2 no Origin passes (not a browser); null, garbage and other schemes do not', () => {
    expect(originAllowed(undefined, 'board.example.com', [])).toBe(true);
    expect(originAllowed('null', 'board.example.com', [])).toBe(false);
    expect(originAllowed('not a url', 'board.example.com', [])).toBe(false);
    expect(originAllowed('file://board.example.com', 'board.example.com', [])).toBe(false);
    expect(originAllowed('https://board.example.com', undefined, [])).toBe(false);
  });

  it('WS-GATE-3 ALLOWED_ORIGINS: listed origins, or any with *; bad entries refuse to start', () => {
    const listed = parseOrigins(' https://embed.example.com, http://localhost:3000/ ');
    expect(listed).toEqual(['https://embed.example.com', 'http://localhost:3000']);
    expect(originAllowed('https://embed.example.com', 'board.example.com', listed)).toBe(true);
    expect(originAllowed('http://embed.example.com', 'board.example.com', listed)).toBe(false);
    expect(originAllowed('https://evil.example', 'board.example.com', '*')).toBe(true);
    expect(parseOrigins(undefined)).toEqual([]);
    expect(parseOrigins('*')).toBe('*');
    for (const bad of [
      'embed.example.com',
      'https://x.example/path',
      'ftp://x.example',
      'https://a.example,',
      '*,https://a.example',
    ]) {
      expect(() => parseOrigins(bad), bad).toThrow();
      expect(() => loadConfig({ ALLOWED_ORIGINS: bad }), bad).toThrow(ConfigError);
    }
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://embed.example.com' }).ALLOWED_ORIGINS).toBe(
      'https://embed.example.com',
    );
  });

  it('WS-GATE-4 connections count per IPv4 address, and per /64 for IPv6', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('WS-GATE-5 the defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      MAX_PRESENCE_BYTES: 8192,
      MAX_PRESENCE_IDS: 4,
      MAX_PRESENCE_PER_SECOND: 40,
      UPGRADE_TIMEOUT_MS: 5000,
      MAX_CONNECTIONS_PER_IP: 50,
    });
    expect(config.ALLOWED_ORIGINS).toBeUndefined();
  });
});

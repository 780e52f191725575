import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addNode } from '@archboard/shared';
import { providerClient, synced } from '../helpers/clients';
import { startRedis, type RunningRedis } from '../helpers/redis';
import { createBoard, ROOT, startServer, type RunningServer } from '../helpers/server';

/*
 * SEC-HTTP: the HTTP side of "safe to put on the internet": security headers and a CSP
 * that allows exactly the app's own inline script, board creation limited per address
 * and only as declared JSON, metrics off the public port, readiness without raw errors.
 * Every case ends with a normal client still served.
 */

const CLIENT_DIR = process.env.ARCHBOARD_TEST_CLIENT_DIR ?? join(ROOT, 'client/dist');
const started: (RunningServer | RunningRedis)[] = [];
afterAll(async () => {
  for (const s of started.reverse()) await s.stop();
});

async function server(env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer({ env: { CLIENT_DIR, ...env } });
  started.push(s);
  return s;
}

/** A normal client is still served: it creates a board and syncs an edit over the socket. */
async function stillServed(s: RunningServer): Promise<void> {
  const board = await createBoard(s);
  const client = providerClient(s.wsUrl, board.id, board.editToken);
  await synced(client);
  addNode(client.doc, { kind: 'aws.s3', x: 0, y: 0 });
  client.destroy();
}

const post = (s: RunningServer, headers: Record<string, string>, body?: string) =>
  fetch(`${s.url}/api/boards`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });

describe('HTTP security', () => {
  it('SEC-HTTP-1 the app and the API carry a CSP for the own origin and socket only, nosniff, no referrer, no framing', async () => {
    const s = await server();
    const page = await fetch(`${s.url}/b/anything`, { headers: { accept: 'text/html' } });
    const csp = page.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'", `ws://127.0.0.1:${s.port}`, `wss://127.0.0.1:${s.port}`]);
    // script-src: the own origin and exactly the hashes of index.html's three inline scripts
    // (the theme before the first paint, the board's early socket, the board page's stylesheet
    // preloaded on a board's address)
    const html = readFileSync(join(CLIENT_DIR, 'index.html'), 'utf8');
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    expect(inline).toHaveLength(3);
    expect(inline[0]).toContain('prefers-color-scheme');
    expect(inline[1]).toContain('__archboardEarlySocket');
    expect(inline[2]).toContain("link.rel = 'preload'");
    const hashes = inline.map((script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(directives['script-src']).toEqual(["'self'", ...hashes]);
    expect(csp).not.toContain('unsafe-eval');
    for (const response of [page, await fetch(`${s.url}/healthz`)]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
    // no source maps are shipped to browsers
    const built = readFileSync(join(CLIENT_DIR, 'index.html'), 'utf8');
    const entry = /src="(\/assets\/[^"]+\.js)"/.exec(built)?.[1];
    expect(entry).toBeDefined();
    const script = await fetch(`${s.url}${entry}`);
    expect(await script.text()).not.toContain('sourceMappingURL');
    expect((await fetch(`${s.url}${entry}.map`, { headers: { accept: 'text/html' } })).status).toBe(404);
    await stillServed(s);
  });

  it('SEC-HTTP-2 export images may be embedded by other sites; ALLOW_EMBED lets other sites frame the app', async () => {
    const s = await server({ ALLOW_EMBED: 'true' });
    const board = await createBoard(s);
    const svg = await fetch(`${s.url}/api/boards/${board.id}/export.svg?token=${board.viewToken}`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const page = await fetch(`${s.url}/`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(page.headers.get('x-frame-options')).toBeNull();
    // the API keeps its same-origin resource policy
    expect((await fetch(`${s.url}/healthz`)).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('SEC-HTTP-3 a board is created only from declared JSON: no body, text or a form are refused, nothing created', async () => {
    const s = await server();
    for (const [headers, body] of [
      [{}, undefined],
      [{ 'content-type': 'text/plain' }, '{"title":"x"}'],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 'title=x'],
      [{ 'content-type': 'multipart/form-data; boundary=x' }, '--x--'],
    ] as [Record<string, string>, string | undefined][]) {
      const response = await post(s, headers, body);
      expect(response.status, JSON.stringify(headers)).toBe(415);
      expect(((await response.json()) as { error: string }).error).toMatch(/application\/json/);
    }
    expect((await post(s, { 'content-type': 'application/json; charset=utf-8' }, '{}')).status).toBe(201);
    await stillServed(s);
  });

  it('SEC-HTTP-4 board creation is rate limited per address, with Retry-After; the rest is still served', async () => {
    const s = await server({ CREATE_RATE_LIMIT: '3', CREATE_RATE_WINDOW_MS: '60000' });
    const statuses: number[] = [];
    let first: { id: string; editToken: string } | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await post(s, { 'content-type': 'application/json' }, '{}');
      statuses.push(response.status);
      if (i === 0) first = (await response.json()) as { id: string; editToken: string };
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const refused = await post(s, { 'content-type': 'application/json' }, '{}');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    // a board made before the limit still syncs for its people
    const client = providerClient(s.wsUrl, first!.id, first!.editToken);
    await synced(client);
    client.destroy();
  });

  it('SEC-HTTP-5 metrics are not on the public port without the token; METRICS_PORT serves them apart', async () => {
    const open = await server();
    expect((await fetch(`${open.url}/metrics`)).status).toBe(404);

    const token = 'a-metrics-token-of-some-length';
    const guarded = await server({ METRICS_TOKEN: token });
    expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-a-length' } })).status,
    ).toBe(401);
    const scraped = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^archboard_connections /m);

    const apart = await server({ METRICS_PORT: '0' });
    const line = apart.logs.find((l) => l.msg === 'metrics listening');
    const metricsPort = Number(line?.metricsPort);
    expect(metricsPort).toBeGreaterThan(0);
    expect(metricsPort).not.toBe(apart.port);
    expect(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()).toMatch(/^archboard_rooms /m);
    expect((await fetch(`${apart.url}/metrics`)).status).toBe(404);
    await stillServed(apart);
  });

  it('SEC-HTTP-6 /readyz says what is down, never the raw error', async () => {
    const redis = await startRedis();
    started.push(redis);
    const s = await server({ REDIS_URL: redis.url });
    expect(await (await fetch(`${s.url}/readyz`)).json()).toEqual({ ready: true, store: 'ok', bus: 'ok' });
    await redis.stop();
    let answer: { status: number; body: unknown } = { status: 0, body: null };
    for (let i = 0; i < 50 && answer.status !== 503; i++) {
      const response = await fetch(`${s.url}/readyz`);
      answer = { status: response.status, body: await response.json() };
      if (answer.status !== 503) await new Promise((r) => setTimeout(r, 200));
    }
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ ready: false });
    const text = JSON.stringify(answer.body);
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|Error|connect/i);
    for (const value of Object.values(answer.body as Record<string, unknown>))
      expect([true, false, 'ok', 'down']).toContain(value);
    await redis.start();
  });
});

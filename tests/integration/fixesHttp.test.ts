import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * How the built client is served: precompressed (brotli, gzip) to those who accept it, no
 * public source maps, and the app's not-found page for unknown addresses a browser opens.
 * Needs a client built by `build()` in scripts/lib.mjs (or one precompressed by hand with
 * scripts/precompress.mjs).
 */

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as sent, not decoded (fetch would undo the content encoding). */
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const varies = (answer: RawAnswer) => String(answer.headers.vary ?? '').toLowerCase();

/** The entry script index.html loads. */
async function mainScript(): Promise<string> {
  const html = (await get('/')).body.toString('utf8');
  const src = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error(`no script in index.html: ${html}`);
  return src;
}

describe('the client, compressed', () => {
  it('serves the main script as brotli or gzip when accepted, identity otherwise, each under 40% of the raw', async () => {
    const script = await mainScript();
    const raw = await get(script, { 'accept-encoding': 'identity' });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.headers['content-type']).toMatch(/javascript/);
    expect(varies(raw)).toContain('accept-encoding');
    const plain = await get(script);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(raw.body)).toBe(true);

    const br = await get(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(varies(br)).toContain('accept-encoding');
    expect(brotliDecompressSync(br.body).equals(raw.body)).toBe(true);
    expect(br.body.length).toBeLessThan(raw.body.length * 0.4);

    const gzip = await get(script, { 'accept-encoding': 'gzip' });
    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(varies(gzip)).toContain('accept-encoding');
    expect(gunzipSync(gzip.body).equals(raw.body)).toBe(true);
    expect(gzip.body.length).toBeLessThan(raw.body.length * 0.4);
  });

  it('negotiates the encoding of the app shell on /, /b/<id> and the not-found page too', async () => {
    const shell = (await get('/', { 'accept-encoding': 'identity' })).body;
    for (const path of ['/', '/b/abc123', '/nonsense']) {
      const br = await get(path, { accept: 'text/html', 'accept-encoding': 'br, gzip' });
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(varies(br), path).toContain('accept-encoding');
      expect(brotliDecompressSync(br.body).equals(shell), path).toBe(true);
      const gzip = await get(path, { accept: 'text/html', 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding'], path).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(shell), path).toBe(true);
      const identity = await get(path, { accept: 'text/html' });
      expect(identity.headers['content-encoding'], path).toBeUndefined();
      expect(identity.body.equals(shell), path).toBe(true);
    }
  });

  it('publishes no source maps: *.map is 404 and no script points at one', async () => {
    const script = await mainScript();
    expect((await get(`${script}.map`)).status).toBe(404);
    expect((await get(`${script}.map`, { accept: 'text/html' })).status).toBe(404);
    const code = (await get(script)).body.toString('utf8');
    expect(code).not.toMatch(/sourceMappingURL/);
  });
});

describe('unknown addresses (bug 8)', () => {
  it('answers a browser opening /nonsense with the app shell and status 404', async () => {
    const shell = (await get('/')).body.toString('utf8');
    expect(shell).toContain('<div id="root">');
    for (const path of ['/nonsense', '/some/deep/path?x=1', '/assets/missing.html']) {
      const answer = await get(path, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-type'], path).toMatch(/text\/html/);
      expect(answer.body.toString('utf8'), path).toBe(shell);
      expect(answer.headers['cache-control'], path).toBe('no-store');
      expect(answer.headers.etag, path).toBeUndefined();
    }
  });

  it('keeps the JSON 404 for the API, /ws, the icons, non-GET requests and clients that do not ask for HTML', async () => {
    const html = { accept: 'text/html' };
    for (const [path, headers] of [
      ['/api/nonsense', html],
      ['/api', html],
      ['/api/boards/abc/nothing', html],
      ['/ws/extra', html],
      ['/icons/aws/no-such.svg', html],
      ['/icons/unknown/x.svg', html],
      ['/nonsense', {}],
      ['/nonsense', { accept: 'application/json' }],
      ['/assets/missing.js', { accept: '*/*' }],
    ] as const) {
      const answer = await get(path, headers);
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-type'], path).toMatch(/application\/json/);
      expect(JSON.parse(answer.body.toString('utf8')), path).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    const post = await fetch(`${server.url}/nonsense`, { method: 'POST', headers: { accept: 'text/html' } });
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toMatch(/application\/json/);
  });
});

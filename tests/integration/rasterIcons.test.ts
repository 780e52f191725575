import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, rasterIconPath } from '@archboard/shared';
import { startServer, type RunningServer } from '../helpers/server';

/** The canvas's icons: every catalogue icon as a PNG the server renders, nothing else. */

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('raster icons', () => {
  it('ICON-1 answers every catalogue icon (official and generic) as a 192 px PNG, cacheable', async () => {
    const paths = [...new Set(CATALOG.map((entry) => rasterIconPath(entry.icon)))];
    expect(paths.some((p) => p.startsWith('/icons/raster/aws/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('/icons/raster/generic/'))).toBe(true);
    for (const path of paths) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe('image/png');
      expect(res.headers.get('cache-control'), path).toContain('max-age=');
      const png = Buffer.from(await res.arrayBuffer());
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE), path).toBe(true);
      expect(pngSize(png).width, path).toBe(192);
      // not a blank image: the icons are drawn on a coloured plate or in colour
      expect(png.length, path).toBeGreaterThan(400);
    }
  });

  it('ICON-2 refuses whatever is not a catalogue icon with a 404, without climbing out of the icons folder', async () => {
    for (const path of [
      '/icons/raster/aws/no-such.png',
      '/icons/raster/aws/architecture-service/AWSLambda.svg',
      '/icons/raster/aws/../../package.json',
      '/icons/raster/aws/%2e%2e/%2e%2e/package.png',
      '/icons/raster/',
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).not.toBe('image/png');
    }
  });
});

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { boardFromExport, diagramLayout } from '@archboard/shared';
import { bigBoard, exportFixture } from '@archboard/shared/testing';
import { iconFiles } from './iconFiles';
import { fontFiles, renderStrip } from './renderPng';
import { StripRenderer, strips } from './StripRenderer';

const awsIcons = join(dirname(createRequire(import.meta.url).resolve('aws-icons/package.json')), 'icons');
const renderer = new StripRenderer({
  workerFile: undefined,
  threads: 1,
  fonts: fontFiles(),
  log: pino({ level: 'silent' }),
});

/** The PNG's size and its raw rows (filter byte + RGBA), read back with zlib. */
function decode(png: Buffer): { width: number; height: number; rows: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  return { width, height, rows: inflateSync(Buffer.concat(idat)) };
}

describe('PNG export in strips', () => {
  it('PNG-1 strips cover the picture exactly, in whole diagram pixels', () => {
    const bounds = { x: -41, y: 17, w: 1000, h: 1301 };
    for (const scale of [1, 2, 4]) {
      const parts = strips(bounds, scale);
      expect(parts[0]!.y).toBe(bounds.y);
      expect(parts.reduce((sum, p) => sum + p.h, 0)).toBe(bounds.h);
      parts.forEach((p, i) => {
        expect(Number.isInteger(p.h)).toBe(true);
        if (i > 0) expect(p.y).toBe(parts[i - 1]!.y + parts[i - 1]!.h);
      });
    }
  });

  it('PNG-2 the fixture (far-away nodes whose arrowheads and icons lie outside most strips) renders whole at 1x and 2x', async () => {
    const board = boardFromExport(exportFixture());
    const { bounds } = diagramLayout(board);
    for (const scale of [1, 2]) {
      const png = await renderer.render(board, { theme: 'light', background: 'solid' }, scale, iconFiles(awsIcons));
      const { width, height, rows } = decode(png);
      expect([width, height]).toEqual([bounds.w * scale, bounds.h * scale]);
      expect(rows.length).toBe(height * (1 + 4 * width));
    }
  });

  it('PNG-3 a transparent background gives straight alpha: no pixel is darker than its colour allows', async () => {
    const board = boardFromExport(bigBoard(6));
    const png = await renderer.render(board, { theme: 'light', background: 'transparent' }, 1, iconFiles(awsIcons));
    const { width, rows } = decode(png);
    const stride = 1 + 4 * width;
    let transparent = 0;
    let straight = 0;
    for (let y = 0; y * stride < rows.length; y++) {
      for (let at = y * stride + 1; at < (y + 1) * stride; at += 4) {
        const alpha = rows[at + 3]!;
        if (alpha === 0) transparent++;
        // In premultiplied pixels no colour channel exceeds alpha; in straight ones a
        // half-covered edge pixel keeps its full colour.
        else if (alpha < 128 && Math.max(rows[at]!, rows[at + 1]!, rows[at + 2]!) > alpha + 16) straight++;
      }
    }
    expect(transparent).toBeGreaterThan(0);
    expect(straight).toBeGreaterThan(10);
  });

  it('PNG-4 characters Inter lacks (≫, ☁, emoji) are drawn from the bundled fallback fonts, not as empty boxes', () => {
    const fonts = fontFiles();
    const text = (chars: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40"><text x="4" y="30" font-family="Inter" font-size="24">${chars}</text></svg>`;
    const pixels = (svg: string, set = fonts) => Buffer.from(renderStrip(svg, 1, set, false).rows);
    const interOnly = fonts.filter((file) => file.includes('Inter_'));
    expect(interOnly).toHaveLength(2);
    // Inter draws the box of a missing glyph for each of these; a fallback font draws the glyph.
    const box = pixels(text('\u{10FFFD}'), interOnly);
    for (const chars of ['≫', '☁', '🚀']) {
      expect(pixels(text(chars), interOnly).equals(box), `${chars}: Inter has no glyph`).toBe(true);
      expect(pixels(text(chars)).equals(box), `${chars}: a fallback has one`).toBe(false);
    }
    // What Inter has stays Inter's.
    expect(pixels(text('Ab→'), interOnly).equals(pixels(text('Ab→')))).toBe(true);
  });
});

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/** The scales a PNG export offers. */
export const PNG_SCALES = [1, 2, 4] as const;

/**
 * The fonts a PNG is set in, all bundled and never the machine's, so one board gives the
 * same PNG bytes on every machine: Inter (the text metrics in shared were measured from
 * these files), then, for what Inter lacks (`≫`, `☁`, box drawing, emoji), DejaVu Sans and
 * Noto Emoji, which resvg falls back to glyph by glyph. The fallbacks cost about 1 ms a strip.
 */
export function fontFiles(): string[] {
  const dir = (pkg: string) => dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
  const inter = dir('@expo-google-fonts/inter');
  const dejavu = join(dir('dejavu-fonts-ttf'), 'ttf');
  return [
    join(inter, '400Regular/Inter_400Regular.ttf'),
    join(inter, '600SemiBold/Inter_600SemiBold.ttf'),
    join(dejavu, 'DejaVuSans.ttf'),
    join(dejavu, 'DejaVuSans-Bold.ttf'),
    join(dir('@expo-google-fonts/noto-emoji'), '400Regular/NotoEmoji_400Regular.ttf'),
  ];
}

export interface StripRows {
  width: number;
  height: number;
  /** `height` rows of a filter byte (0) and `width` RGBA pixels, straight (not premultiplied) alpha. */
  rows: Uint8Array;
}

/**
 * Rasterises one strip of an export (an SVG whose view box is that strip) at `scale` with
 * resvg, into PNG rows. resvg's pixels are premultiplied; with `transparent` they are
 * turned back into straight alpha, as PNG wants (on a solid background every pixel is opaque).
 */
export function renderStrip(svg: string, scale: number, fonts: string[], transparent: boolean): StripRows {
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: fonts, loadSystemFonts: false, defaultFontFamily: 'Inter', sansSerifFamily: 'Inter' },
  }).render();
  const { width, height } = image;
  const pixels = image.pixels;
  const stride = width * 4;
  const rows = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  if (transparent) {
    for (let y = 0; y < height; y++) {
      for (let at = y * (stride + 1) + 1, end = at + stride; at < end; at += 4) {
        const alpha = rows[at + 3]!;
        if (alpha === 0 || alpha === 255) continue;
        rows[at] = Math.min(255, Math.round((rows[at]! * 255) / alpha));
        rows[at + 1] = Math.min(255, Math.round((rows[at + 1]! * 255) / alpha));
        rows[at + 2] = Math.min(255, Math.round((rows[at + 2]! * 255) / alpha));
      }
    }
  }
  return { width, height, rows };
}

import { Resvg } from '@resvg/resvg-js';
import type { HttpApp } from './createApp';
import { CATALOG, rasterIconPath, type IconSource } from '@archboard/shared';

/**
 * Pixels per side of a canvas icon's PNG: four times the 48 px box, so sharp up to 400 %
 * zoom (200 % on a 2× screen).
 */
export const RASTER_ICON_PX = 192;

/**
 * The catalogue's icons as PNGs, for the canvas. Chromium draws an SVG image again from its
 * vector paths each time it paints a tile, which made the icons the largest part of the
 * raster work while peers moved nodes on a 1,000-node board; a bitmap is decoded once and
 * then only scaled. Only the catalogue's own icons are answered (a fixed set, so the cache
 * is bounded), each rendered once with resvg on first request. Exports and the palette keep
 * the SVGs.
 */
export function rasterIconRoutes(app: HttpApp, icons: IconSource): void {
  const sources = new Map(CATALOG.map((entry) => [rasterIconPath(entry.icon), entry.icon]));
  const rendered = new Map<string, Buffer>();
  app.get('/icons/raster/*', (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const source = sources.get(path);
    const svg = source === undefined ? undefined : icons(source);
    if (svg === undefined) return reply.code(404).send({ error: 'no such icon' });
    let png = rendered.get(path);
    if (!png) {
      png = new Resvg(svg, { fitTo: { mode: 'width', value: RASTER_ICON_PX } }).render().asPng();
      rendered.set(path, png);
    }
    return reply.type('image/png').header('cache-control', 'public, max-age=604800').send(png);
  });
}

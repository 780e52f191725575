import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { diagramLayout, exportFileName, toExportJson, toMarkdown, toSvg, type IconSource } from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';
import type { BoardReader } from '../export/BoardReader';
import { RendererBusyError, type PngRenderer } from '../export/PngRenderer';
import { authorize } from './access';
import type { HttpApp } from './createApp';

export interface ExportRouteDeps {
  tokens: BoardTokens;
  reader: BoardReader;
  png: PngRenderer;
  icons: IconSource;
  /** A PNG larger than this many pixels is refused (413) rather than rendered. */
  maxPixels: number;
}

const FORMATS = {
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
  md: 'text/markdown; charset=utf-8',
} as const;
type Format = keyof typeof FORMATS;

const exportQuery = z.object({
  token: z.string().optional(),
  scale: z.enum(['1', '2', '4'], { error: 'scale must be 1, 2 or 4' }).default('1').transform(Number),
  theme: z.enum(['light', 'dark'], { error: 'theme must be light or dark' }).default('light'),
  background: z.enum(['solid', 'transparent'], { error: 'background must be solid or transparent' }).default('solid'),
  version: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'version must be a version id from the board’s history')
    .optional(),
});

/** The last PNGs rendered, by ETag: a diagram embedded in a wiki page is fetched far more often than it changes. */
class PngCache {
  private readonly entries = new Map<string, Uint8Array>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  get(key: string): Uint8Array | undefined {
    const png = this.entries.get(key);
    if (png) {
      this.entries.delete(key); // most recently used last
      this.entries.set(key, png);
    }
    return png;
  }
  set(key: string, png: Uint8Array): void {
    if (png.byteLength > this.maxBytes / 4) return;
    this.entries.set(key, png);
    this.bytes += png.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.byteLength;
    }
  }
}

/**
 * `GET /api/boards/<id>/export.json|svg|png|md`: every export, for scripts and for docs
 * that embed a living diagram, from any instance whether or not it has the board open.
 * Auth is the board's view or edit token (Bearer or `?token=`). The ETag is a hash of the
 * board's content plus the options, so an unchanged board answers `If-None-Match` with 304
 * before anything is rendered.
 */
export function exportRoutes(app: HttpApp, deps: ExportRouteDeps): void {
  const cache = new PngCache(64 * 1024 * 1024);

  app.get<{ Params: { id: string; format: string } }>('/api/boards/:id/export.:format', async (req, reply) => {
    const format = req.params.format;
    if (!(format in FORMATS)) return bad(reply, 400, 'the format must be json, svg, png or md');
    const query = exportQuery.safeParse(req.query);
    if (!query.success) return bad(reply, 400, query.error.issues.map((i) => i.message).join('; '));
    const access = await authorize(req, deps.tokens, req.params.id);
    if (!access.ok) return bad(reply, access.status, access.error);
    const { scale, theme, background, version } = query.data;
    const board = version ? await deps.reader.version(access.board, version) : await deps.reader.current(access.board);
    if (!board) return bad(reply, 404, version ? 'the board has no version with that id' : 'no board with this id');

    const json = toExportJson(board);
    const content = createHash('sha256').update(json).digest('hex').slice(0, 24);
    const options =
      format === 'png' ? `-${theme}-${background}-${scale}x` : format === 'svg' ? `-${theme}-${background}` : '';
    const etag = `"${content}-${format}${options}"`;
    reply
      .header('etag', etag)
      .header('cache-control', 'no-cache')
      .header('content-disposition', `inline; filename="${encodeURIComponent(exportFileName(board.title, format))}"`);
    if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) return reply.code(304).send();

    const type = FORMATS[format as Format];
    if (format === 'json') return reply.type(type).send(json);
    if (format === 'svg') return reply.type(type).send(toSvg(board, { theme, background }, deps.icons));
    if (format === 'md') {
      const viewToken = await deps.tokens.viewToken(access.board);
      const image = `${req.protocol}://${req.host}/api/boards/${access.board}/export.png?token=${viewToken}`;
      return reply.type(type).send(toMarkdown(board, { diagramUrl: image }));
    }
    const { w, h } = diagramLayout(board).bounds;
    const pixels = w * h * scale * scale;
    if (pixels > deps.maxPixels) {
      const mp = (n: number) => (n / 1e6).toFixed(0);
      return bad(
        reply,
        413,
        `the diagram is ${w}×${h} px; at scale ${scale} that is ${mp(pixels)} megapixels, more than this server renders (${mp(deps.maxPixels)}, EXPORT_MAX_PIXELS): use a smaller scale`,
      );
    }
    let png = cache.get(etag);
    if (!png) {
      try {
        png = await deps.png.render(board, { theme, background }, scale, deps.icons);
      } catch (e) {
        if (!(e instanceof RendererBusyError)) throw e;
        return bad(reply.header('retry-after', '2'), 503, 'busy rendering other images; try again shortly');
      }
      cache.set(etag, png);
    }
    return reply.type(type).send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  });
}

function bad(reply: FastifyReply, status: number, error: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ error });
}

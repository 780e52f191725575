import { allowCrossOriginEmbed } from './security';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { BoardTokens } from '../auth/BoardTokens';
import type { BoardReader } from '../export/BoardReader';
import { RendererBusyError, type ExportRenderer } from '../export/ExportRenderer';
import { EXPORT_TYPES, type ExportFormat } from '../export/renderExport';
import { authorize } from './access';
import type { HttpApp } from './createApp';

export interface ExportRouteDeps {
  tokens: BoardTokens;
  reader: BoardReader;
  renderer: ExportRenderer;
  /** A PNG larger than this many pixels is refused (413) rather than rendered. */
  maxPixels: number;
}

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
  private readonly entries = new Map<string, { body: Uint8Array; fileName: string }>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  get(key: string) {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // most recently used last
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: { body: Uint8Array; fileName: string }): void {
    if (value.body.byteLength > this.maxBytes / 4) return;
    this.entries.set(key, value);
    this.bytes += value.body.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.body.byteLength;
    }
  }
}

/**
 * `GET /api/boards/<id>/export.json|svg|png|md`: every export, for scripts and for docs
 * that embed a living diagram, from any instance whether or not it has the board open.
 * Auth is the board's view or edit token (Bearer or `?token=`). The ETag is a hash of the
 * board's stored state plus the options, so an unchanged board answers `If-None-Match`
 * with 304 before anything is drawn. The drawing itself happens in the export process:
 * this event loop only hands over the board's updates.
 */
export function exportRoutes(app: HttpApp, deps: ExportRouteDeps): void {
  const cache = new PngCache(64 * 1024 * 1024);

  app.get<{ Params: { id: string; format: string } }>('/api/boards/:id/export.:format', async (req, reply) => {
    const format = req.params.format;
    if (!Object.hasOwn(EXPORT_TYPES, format)) return bad(reply, 400, 'the format must be json, svg, png or md');
    const query = exportQuery.safeParse(req.query);
    if (!query.success) return bad(reply, 400, query.error.issues.map((i) => i.message).join('; '));
    const access = await authorize(req, deps.tokens, req.params.id);
    if (!access.ok) return bad(reply, access.status, access.error);
    const { scale, theme, background, version } = query.data;
    const updates = await deps.reader.updates(access.board, version);
    if (!updates) return bad(reply, 404, version ? 'the board has no version with that id' : 'no board with this id');

    const hash = createHash('sha256');
    for (const update of updates) hash.update(update);
    // A Markdown doc links its diagram on the host it was asked from, with a view link of the
    // board's current link generation (named only above 0, so the ETags of older boards hold).
    const generation = access.generation > 0 ? `-g${access.generation}` : '';
    const options =
      format === 'png'
        ? `-${theme}-${background}-${scale}x`
        : format === 'svg'
          ? `-${theme}-${background}`
          : format === 'md'
            ? `-${createHash('sha256').update(req.host).digest('hex').slice(0, 8)}${generation}`
            : '';
    const etag = `"${hash.digest('hex').slice(0, 24)}-${format}${options}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (format === 'png' || format === 'svg') allowCrossOriginEmbed(reply);
    if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) return reply.code(304).send();

    const started = performance.now();
    let result = format === 'png' ? cache.get(etag) : undefined;
    if (!result) {
      const viewToken = format === 'md' ? await deps.tokens.viewToken(access.board, access.generation) : '';
      let rendered;
      try {
        rendered = await deps.renderer.render({
          format: format as ExportFormat,
          updates,
          image: { theme, background },
          scale,
          diagramUrl: `${req.protocol}://${req.host}/api/boards/${access.board}/export.png?token=${viewToken}${version ? `&version=${version}` : ''}`,
          maxPixels: deps.maxPixels,
        });
      } catch (e) {
        if (!(e instanceof RendererBusyError)) throw e;
        return bad(reply.header('retry-after', '2'), 503, 'busy drawing other exports; try again shortly');
      }
      if (!rendered.ok) return bad(reply, rendered.status, rendered.error);
      result = { body: rendered.body, fileName: rendered.fileName };
      if (format === 'png') cache.set(etag, result);
    }
    return reply
      .header('server-timing', `render;dur=${(performance.now() - started).toFixed(1)}`)
      .header('content-disposition', `inline; filename="${encodeURIComponent(result.fileName)}"`)
      .type(EXPORT_TYPES[format as ExportFormat])
      .send(Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength));
  });
}

function bad(reply: FastifyReply, status: number, error: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ error });
}

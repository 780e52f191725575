import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { GENERIC_ICONS } from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';
import type { Bus } from '../bus/Bus';
import { BoardReader } from '../export/BoardReader';
import type { ExportRenderer } from '../export/ExportRenderer';
import type { HistoryService } from '../history/HistoryService';
import type { RoomRegistry } from '../rooms/RoomRegistry';
import type { Store } from '../store/Store';
import { boardRoutes } from './boardRoutes';
import { exportRoutes } from './exportRoutes';
import { historyRoutes } from './historyRoutes';
import { linkRoutes } from './linkRoutes';

export interface AppDeps {
  store: Store;
  bus: Bus;
  tokens: BoardTokens;
  rooms: Pick<RoomRegistry, 'get'>;
  history: HistoryService;
  renderer: ExportRenderer;
  /** PNG exports larger than this many pixels are refused. */
  exportMaxPixels: number;
  log: Logger;
  /** The built client (client/dist); served when it exists. */
  clientDir: string | undefined;
  /** The aws-icons package's icons folder, served under /icons/aws/. */
  awsIconsDir: string;
  stats: () => Record<string, number>;
  metrics: Registry;
}

const newFastify = (log: Logger) =>
  Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });

/** The fastify instance the route modules register on. */
export type HttpApp = ReturnType<typeof newFastify>;

/**
 * Whether an unknown path should get the app's not-found page rather than a JSON 404: a
 * GET (or HEAD) outside the API, the WebSocket endpoint and the icons, from something that
 * accepts HTML (a browser navigating; scripts, images and fetches do not ask for HTML).
 */
function wantsAppPage(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url.split('?')[0] ?? '';
  if (/^\/(api|ws|icons)(\/|$)/.test(path)) return false;
  return /\btext\/html\b/.test(req.headers.accept ?? '');
}

/** The HTTP side: the JSON API (boards, exports, history, links), health, the icons and the built client. */
export function createApp(deps: AppDeps): HttpApp {
  const app = newFastify(deps.log);

  app.get('/healthz', async () => ({ status: 'ok', ...deps.stats() }));

  app.get('/readyz', async (_req, reply) => {
    const checks = await Promise.allSettled([deps.store.ping(), deps.bus.ping()]);
    const [store, bus] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : String(c.reason)));
    const ready = store === 'ok' && bus === 'ok';
    return reply.code(ready ? 200 : 503).send({ ready, store, bus });
  });

  app.get('/metrics', async (_req, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()));

  const reader = new BoardReader(deps.store, deps.rooms);
  boardRoutes(app, deps);
  exportRoutes(app, { tokens: deps.tokens, reader, renderer: deps.renderer, maxPixels: deps.exportMaxPixels });
  historyRoutes(app, { tokens: deps.tokens, reader, history: deps.history });
  linkRoutes(app, { tokens: deps.tokens, store: deps.store, rooms: deps.rooms });

  app.register(fastifyStatic, { root: deps.awsIconsDir, prefix: '/icons/aws/', decorateReply: false, maxAge: '7d' });
  app.get<{ Params: { file: string } }>('/icons/generic/:file', (req, reply) => {
    const icon = Object.hasOwn(GENERIC_ICONS, req.params.file) ? GENERIC_ICONS[req.params.file] : undefined;
    if (!icon) return reply.code(404).send({ error: 'no such icon' });
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=604800').send(icon);
  });

  const clientDir = deps.clientDir && existsSync(join(deps.clientDir, 'index.html')) ? deps.clientDir : undefined;
  if (clientDir) {
    // The build writes .br and .gz beside each text file (scripts/precompress.mjs); they go
    // to clients that accept them, with `Vary: Accept-Encoding`. `sendFile` below does the same.
    app.register(fastifyStatic, { root: clientDir, prefix: '/', wildcard: true, preCompressed: true });
    // The board page is a client route: /b/<id> serves the app, which reads the token from the fragment.
    app.get('/b/*', (_req, reply) => reply.sendFile('index.html', clientDir));
  } else {
    deps.log.warn({ clientDir: deps.clientDir }, 'no built client found; serving the API only (run the build)');
  }
  app.setNotFoundHandler((req, reply) => {
    if (clientDir && wantsAppPage(req)) {
      // The app shell with status 404: the client router shows its not-found page. No
      // ETag or Last-Modified: a revalidation would turn into a 404 with an empty body.
      return reply
        .code(404)
        .header('cache-control', 'no-store')
        .sendFile('index.html', clientDir, { etag: false, lastModified: false, cacheControl: false });
    }
    // fastify's own answer, kept for the API, /ws, /icons and non-browser clients
    return reply
      .code(404)
      .send({ message: `Route ${req.method}:${req.url} not found`, error: 'Not Found', statusCode: 404 });
  });
  return app;
}

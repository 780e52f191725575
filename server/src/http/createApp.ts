import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { GENERIC_ICONS, LIMITS_PATH, type UploadLimits } from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';
import type { OidcVerifier } from '../auth/oidc';
import type { Bus } from '../bus/Bus';
import { BoardReader } from '../export/BoardReader';
import type { ExportRenderer } from '../export/ExportRenderer';
import { iconFiles } from '../export/iconFiles';
import type { HistoryService } from '../history/HistoryService';
import type { RoomRegistry } from '../rooms/RoomRegistry';
import type { Store } from '../store/Store';
import type { TrustProxy } from '../transport/clientAddress';
import { authRoutes, SIGN_IN_CALLBACK } from './authRoutes';
import { boardRoutes } from './boardRoutes';
import { exportRoutes } from './exportRoutes';
import { historyRoutes } from './historyRoutes';
import { interviewRoutes } from './interviewRoutes';
import { linkRoutes } from './linkRoutes';
import { ownerRoutes } from './ownerRoutes';
import { rasterIconRoutes } from './rasterIcons';
import { registerSecurityHeaders } from './security';

export interface AppDeps {
  store: Store;
  bus: Bus;
  tokens: BoardTokens;
  rooms: Pick<RoomRegistry, 'get'>;
  history: HistoryService;
  renderer: ExportRenderer;
  /** What a client may send over its socket, for `GET /api/limits` (the page keeps to them). */
  uploadLimits: UploadLimits;
  /** PNG exports larger than this many pixels are refused. */
  exportMaxPixels: number;
  log: Logger;
  /** The built client (client/dist); served when it exists. */
  clientDir: string | undefined;
  /** The aws-icons package's icons folder, served under /icons/aws/. */
  awsIconsDir: string;
  stats: () => Record<string, number>;
  metrics: Registry;
  /** `/metrics` on the public port answers only `Authorization: Bearer <this>`; absent, it is not there. */
  metricsToken: string | undefined;
  /** POST /api/boards per client address: `max` in each `windowMs`. */
  createRate: { max: number; windowMs: number };
  /** Sign-in with an OIDC provider, when configured (auth/oidc.ts). */
  signIn?: OidcVerifier;
  allowEmbed: boolean;
  /** Proxies whose X-Forwarded-For gives `request.ip` (TRUSTED_PROXIES); absent: the socket's address. */
  trustProxy?: TrustProxy;
}

const newFastify = (log: Logger, trustProxy?: TrustProxy) =>
  Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    // The same function the WebSocket upgrade uses (transport/clientAddress.ts); unset: the socket's address.
    trustProxy,
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

/** Whether a bearer token equals the expected one, in constant time. */
function bearerIs(header: string | undefined, expected: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** The HTTP side: the JSON API (boards, exports, history, links), health, the icons and the built client. */
export async function createApp(deps: AppDeps): Promise<HttpApp> {
  const app = newFastify(deps.log, deps.trustProxy);
  const clientDir = deps.clientDir && existsSync(join(deps.clientDir, 'index.html')) ? deps.clientDir : undefined;
  await registerSecurityHeaders(app, { clientDir, allowEmbed: deps.allowEmbed });
  // Only routes that ask for it are limited (board creation); keyed by the client's address
  // (`request.ip`: behind a trusted proxy, the address it forwarded).
  await app.register(rateLimit, { global: false });

  app.get('/healthz', async () => ({ status: 'ok', ...deps.stats() }));

  app.get(LIMITS_PATH, async (_req, reply) => reply.header('cache-control', 'no-cache').send(deps.uploadLimits));

  app.get('/readyz', async (_req, reply) => {
    const checks = await Promise.allSettled([deps.store.ping(), deps.bus.ping()]);
    // What is down, never why: raw errors (addresses, paths) stay in the log.
    const [store, bus] = checks.map((c, i) => {
      if (c.status === 'fulfilled') return 'ok';
      deps.log.warn({ err: c.reason, check: i === 0 ? 'store' : 'bus' }, 'readiness check failed');
      return 'down';
    });
    const ready = store === 'ok' && bus === 'ok';
    return reply.code(ready ? 200 : 503).send({ ready, store, bus });
  });

  const { metricsToken } = deps;
  if (metricsToken !== undefined) {
    app.get('/metrics', async (req, reply) => {
      if (!bearerIs(req.headers.authorization, metricsToken))
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'metrics need the metrics token' });
      return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
    });
  }

  const reader = new BoardReader(deps.store, deps.rooms);
  boardRoutes(app, {
    store: deps.store,
    tokens: deps.tokens,
    createRate: deps.createRate,
    ...(deps.signIn ? { signIn: deps.signIn } : {}),
    history: deps.history,
  });
  authRoutes(app, { signIn: deps.signIn, rate: deps.createRate });
  exportRoutes(app, { tokens: deps.tokens, reader, renderer: deps.renderer, maxPixels: deps.exportMaxPixels });
  historyRoutes(app, { tokens: deps.tokens, reader, history: deps.history });
  interviewRoutes(app, { tokens: deps.tokens, reader, store: deps.store });
  linkRoutes(app, { tokens: deps.tokens, store: deps.store, rooms: deps.rooms });
  ownerRoutes(app, { tokens: deps.tokens, store: deps.store, bus: deps.bus, rooms: deps.rooms });

  app.register(fastifyStatic, { root: deps.awsIconsDir, prefix: '/icons/aws/', decorateReply: false, maxAge: '7d' });
  app.get<{ Params: { file: string } }>('/icons/generic/:file', (req, reply) => {
    const icon = Object.hasOwn(GENERIC_ICONS, req.params.file) ? GENERIC_ICONS[req.params.file] : undefined;
    if (!icon) return reply.code(404).send({ error: 'no such icon' });
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=604800').send(icon);
  });
  rasterIconRoutes(app, iconFiles(deps.awsIconsDir));

  if (clientDir) {
    // The build writes .br and .gz beside each text file (scripts/precompress.mjs); they go
    // to clients that accept them, with `Vary: Accept-Encoding`. `sendFile` below does the same.
    app.register(fastifyStatic, { root: clientDir, prefix: '/', wildcard: true, preCompressed: true });
    // The board page is a client route: /b/<id> serves the app, which reads the token from the fragment.
    app.get('/b/*', (_req, reply) => reply.sendFile('index.html', clientDir));
    app.get(SIGN_IN_CALLBACK, (_req, reply) => reply.sendFile('index.html', clientDir));
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

/**
 * `/metrics` alone on its own listener (`METRICS_PORT`, bound to `METRICS_HOST`), for a
 * scraper on a private network: the public port does not serve it without the token.
 */
export function createMetricsApp(metrics: Registry, log: Logger): HttpApp {
  const app = newFastify(log);
  app.get('/metrics', async (_req, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));
  return app;
}

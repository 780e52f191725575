import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import * as Y from 'yjs';
import { z } from 'zod';
import { initBoard, newBoardId } from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';
import type { Bus } from '../bus/Bus';
import type { Store } from '../store/Store';

export interface AppDeps {
  store: Store;
  bus: Bus;
  tokens: BoardTokens;
  log: Logger;
  /** The built client (client/dist); served when it exists. */
  clientDir: string | undefined;
  /** The aws-icons package's icons folder, served under /icons/aws/. */
  awsIconsDir: string;
  stats: () => Record<string, number>;
  metrics: Registry;
}

const createBoardBody = z.object({ title: z.string().trim().min(1).max(200).optional() }).strict();

/** The HTTP side: the JSON API, health, the icons and the built client. */
export function createApp(deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.log,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });

  app.get('/healthz', async () => ({ status: 'ok', ...deps.stats() }));

  app.get('/readyz', async (_req, reply) => {
    const checks = await Promise.allSettled([deps.store.ping(), deps.bus.ping()]);
    const [store, bus] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : String(c.reason)));
    const ready = store === 'ok' && bus === 'ok';
    return reply.code(ready ? 200 : 503).send({ ready, store, bus });
  });

  app.get('/metrics', async (_req, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()));

  app.post('/api/boards', async (req, reply) => {
    const body = createBoardBody.safeParse(req.body ?? {});
    if (!body.success) {
      return reply.code(400).send({ error: 'invalid request body', issues: body.error.issues.map((i) => i.message) });
    }
    const id = newBoardId();
    const doc = new Y.Doc();
    initBoard(doc, body.data.title ?? 'Untitled board');
    await deps.store.append(id, Y.encodeStateAsUpdate(doc));
    doc.destroy();
    const tokens = await deps.tokens.issue(id);
    return reply.code(201).send({ id, ...tokens });
  });

  app.register(fastifyStatic, { root: deps.awsIconsDir, prefix: '/icons/aws/', decorateReply: false, maxAge: '7d' });

  if (deps.clientDir && existsSync(join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    app.register(fastifyStatic, { root: clientDir, prefix: '/', wildcard: true });
    // The board page is a client route: /b/<id> serves the app, which reads the token from the fragment.
    app.get('/b/*', (_req, reply) => reply.sendFile('index.html', clientDir));
  } else {
    deps.log.warn({ clientDir: deps.clientDir }, 'no built client found; serving the API only (run the build)');
  }
  return app;
}

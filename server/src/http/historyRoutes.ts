import type { FastifyReply, FastifyRequest } from 'fastify';
import * as Y from 'yjs';
import { z } from 'zod';
import { can, toExportDoc } from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';
import type { BoardReader } from '../export/BoardReader';
import type { HistoryService } from '../history/HistoryService';
import { authorize } from './access';
import type { HttpApp } from './createApp';

export interface HistoryRouteDeps {
  tokens: BoardTokens;
  reader: BoardReader;
  history: HistoryService;
}

const saveBody = z.strictObject({
  name: z.string().trim().min(1, 'a version needs a name').max(100, 'a name has at most 100 characters'),
  /**
   * `restore`: the board as it was just before a restore, kept so the restore can be gone
   * back on; `phase`: an interview's board at a phase boundary (its host's link only), with
   * its replay position.
   */
  kind: z.enum(['named', 'restore', 'phase']).default('named'),
  /** The name of the person saving (their presence name), listed among the version's editors. */
  author: z.string().trim().max(64).optional(),
  /**
   * The saver's Yjs state vector (base64): the version waits (up to SAVE_WAIT_MS) until the
   * store holds everything the saver saw, so an edit still on its way over the WebSocket
   * is not left out of the version.
   */
  stateVector: z.string().max(65_536).optional(),
});

const SAVE_WAIT_MS = 3000;

/** Whether a board whose state vector is `stateVector` holds every update `wanted` (a decoded state vector) names. */
function covers(stateVector: Uint8Array, wanted: Map<number, number>): boolean {
  const have = Y.decodeStateVector(stateVector);
  for (const [client, clock] of wanted) if ((have.get(client) ?? 0) < clock) return false;
  return true;
}

const versionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * A board's version history over HTTP: list (`GET …/history`), one version as an export
 * document (`GET …/history/<version>`), and "Save version" (`POST …/history`, edit token
 * only). Restoring is an ordinary edit the client makes (`restoreBoard` in shared), so
 * everyone sees it and undo takes it back.
 */
export function historyRoutes(app: HttpApp, deps: HistoryRouteDeps): void {
  app.get<{ Params: { id: string } }>('/api/boards/:id/history', async (req, reply) => {
    const access = await authorize(req, deps.tokens, req.params.id);
    if (!access.ok) return reply.code(access.status).send({ error: access.error });
    const versions = await deps.history.list(access.board);
    if (versions.length === 0 && !(await deps.reader.exists(access.board)))
      return reply.code(404).send({ error: 'no board with this id' });
    return { versions };
  });

  app.get<{ Params: { id: string; version: string } }>('/api/boards/:id/history/:version', async (req, reply) => {
    const access = await authorize(req, deps.tokens, req.params.id);
    if (!access.ok) return reply.code(access.status).send({ error: access.error });
    if (!versionId.safeParse(req.params.version).success) return reply.code(400).send({ error: 'not a version id' });
    const [info, board] = await Promise.all([
      deps.history.list(access.board).then((all) => all.find((v) => v.id === req.params.version)),
      deps.reader.version(access.board, req.params.version),
    ]);
    if (!info || !board) return reply.code(404).send({ error: 'the board has no version with that id' });
    return { version: info, board: toExportDoc(board) };
  });

  app.post<{ Params: { id: string } }>('/api/boards/:id/history', async (req, reply) => {
    const access = await authorize(req, deps.tokens, req.params.id);
    if (!access.ok) return reply.code(access.status).send({ error: access.error });
    if (!can(access.role, 'write')) return reply.code(403).send({ error: 'a view link cannot save versions' });
    const body = parseBody(req, reply);
    if (!body) return reply;
    if (body.kind === 'phase' && !can(access.role, 'interview'))
      return reply.code(403).send({ error: 'only the interviewer’s link keeps phase versions' });
    let wanted: Map<number, number> | undefined;
    try {
      wanted = body.stateVector ? Y.decodeStateVector(Buffer.from(body.stateVector, 'base64')) : undefined;
    } catch {
      return reply.code(400).send({ error: 'stateVector: not a Yjs state vector in base64' });
    }
    const deadline = Date.now() + SAVE_WAIT_MS;
    let saved;
    for (;;) {
      const current = await deps.reader.currentState(access.board);
      if (current && wanted && !covers(current.stateVector, wanted) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (current) {
        const editors = [...(current.room?.editors() ?? []), ...(body.author ? [body.author] : [])];
        // The replay position is read after the state: every update the version holds is archived by then.
        const step = body.kind === 'phase' ? await deps.history.archiveLength(access.board) : undefined;
        const request = { kind: body.kind, name: body.name, editors, ...(step !== undefined ? { step } : {}) };
        saved = { version: await deps.history.save(access.board, current.state, request) };
      }
      break;
    }
    if (!saved) return reply.code(404).send({ error: 'no board with this id' });
    // A restore point identical to the latest version is not kept twice.
    return reply.code(saved.version ? 201 : 200).send({ version: saved.version ?? null });
  });
}

function parseBody(req: FastifyRequest, reply: FastifyReply): z.infer<typeof saveBody> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof req.body === 'string' ? req.body : '');
  } catch {
    void reply.code(400).send({ error: 'the body must be JSON: {"name": "…"}' });
    return undefined;
  }
  const body = saveBody.safeParse(raw);
  if (body.success) return body.data;
  void reply
    .code(400)
    .send({ error: body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
  return undefined;
}

import { can, readSession, type Replay, type ReplayStep } from '@archboard/shared';
import * as Y from 'yjs';
import type { BoardTokens } from '../auth/BoardTokens';
import type { BoardReader } from '../export/BoardReader';
import type { Store } from '../store/Store';
import { authorize } from './access';
import type { HttpApp } from './createApp';

export interface InterviewRouteDeps {
  tokens: BoardTokens;
  reader: BoardReader;
  store: Pick<Store, 'readArchive'>;
}

/**
 * What interview mode asks of the server over HTTP: the server's clock (`GET /api/time`),
 * which every page's interview clock is read against, never its own; and an interview
 * board's replay (`GET /api/boards/<id>/replay`): every update as stored, when and by whom.
 * The host's link reads the replay at any time; other links only once the session ended
 * and the host shared it (the session's `replayShared`).
 */
export function interviewRoutes(app: HttpApp, deps: InterviewRouteDeps): void {
  app.get('/api/time', async (_req, reply) => reply.header('cache-control', 'no-store').send({ now: Date.now() }));

  app.get<{ Params: { id: string } }>('/api/boards/:id/replay', async (req, reply) => {
    const access = await authorize(req, deps.tokens, req.params.id);
    if (!access.ok) return reply.code(access.status).send({ error: access.error });
    const current = await deps.reader.currentState(access.board);
    const session = current ? sessionOf(current.state) : undefined;
    if (!session) return reply.code(404).send({ error: 'this board is not an interview' });
    if (!can(access.role, 'interview') && !(session.status === 'ended' && session.replayShared))
      return reply.code(403).send({ error: 'the replay is the interviewer’s until they share it after the session' });
    const steps: ReplayStep[] = (await deps.store.readArchive(access.board)).map(({ at, by, update }) => ({
      at,
      by,
      update: Buffer.from(update).toString('base64'),
    }));
    const answer: Replay = { steps };
    return reply.header('cache-control', 'private, no-store').send(answer);
  });
}

function sessionOf(state: Uint8Array) {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return readSession(doc);
  } finally {
    doc.destroy();
  }
}

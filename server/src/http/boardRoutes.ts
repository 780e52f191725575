import * as Y from 'yjs';
import { z } from 'zod';
import {
  IMPORT_LIMITS,
  initBoard,
  newBoardId,
  newSession,
  parseImport,
  phaseSchema,
  writeImport,
  writeSession,
  type BoardId,
} from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';
import type { BoardRecord, Store } from '../store/Store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OidcVerifier, SignedIn } from '../auth/oidc';
import type { HttpApp } from './createApp';
import type { HistoryService } from '../history/HistoryService';

export interface BoardRouteDeps {
  store: Store;
  tokens: BoardTokens;
  /** Boards one client address may create: `max` per `windowMs`. */
  createRate: { max: number; windowMs: number };
  /** With sign-in configured: checks the creator's ID token (`Authorization: Bearer`). */
  signIn?: Pick<OidcVerifier, 'verify' | 'issuer'>;
  /** Where a board made from a file keeps the file's board as its first version. */
  history: Pick<HistoryService, 'save'>;
}

const createBoardBody = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  orgOnly: z.boolean().optional(),
  /** An interview board: its creator gets the host's link, and the board the interview's clock. */
  interview: z.boolean().optional(),
  phases: z.array(phaseSchema).min(1).max(12).optional(),
});
/** `?orgOnly=true`: how an import (whose body is the export file) asks for an organisation-only board. */
const createBoardQuery = z.object({ orgOnly: z.enum(['true', 'false']).optional() });

/**
 * `POST /api/boards`: creates a board and answers its id and tokens: `ownerToken` (the
 * creator's: it can also reset the links and delete the board), `editToken` and `viewToken`. The body is either
 * `{ "title": …, "orgOnly": … }` (or empty) for a new blank board, or an Archboard export file, which
 * becomes the new board's content with its ids kept. A file that does not pass
 * `parseImport` creates nothing and is answered 400 with what is wrong in it; one that does
 * is also the board's first version (`imported`, kept like a named one), so History can
 * always bring back the board as the file made it.
 *
 * `{ "interview": true, "phases"?: […] }` creates an interview board: its doc starts with the
 * interview's session (shared/src/interview/session.ts), and the creator's token is of role
 * `host`, answered as `ownerToken` and again as `hostToken`.
 *
 * With sign-in configured, the board's record names the signed-in creator as its owner, and
 * `"orgOnly": true` (or `?orgOnly=true`, for an import) makes it organisation-only: its links
 * then open it only beside a valid sign-in (auth/BoardSignIn.ts). Without sign-in, asking for
 * that is 400. The record is written before the board's first update, so a board never exists
 * without it.
 */
export function boardRoutes(app: HttpApp, deps: BoardRouteDeps): void {
  // Bodies arrive as text: an import's error message must be ours ("not JSON: …"), and
  // its size limit is the import's.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: IMPORT_LIMITS.maxBytes + 1024 },
    (_req, body, done) => done(null, body),
  );

  const createLimit = { rateLimit: { max: deps.createRate.max, timeWindow: deps.createRate.windowMs } };
  // JSON only, declared, checked before the body is parsed: a cross-site form or a bodiless
  // POST from another page cannot make visitors' browsers create boards (a JSON content
  // type needs a CORS preflight, which this server never grants).
  const onRequest = (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return done();
    void reply.code(415).send({ error: 'send the board as Content-Type: application/json' });
  };
  // With sign-in configured, only a signed-in person creates boards; checked before the body is read.
  const { signIn } = deps;
  const creators = new WeakMap<FastifyRequest, SignedIn>();
  const signedIn = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!signIn) return;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const verdict = token ? await signIn.verify(token) : { ok: false as const, reason: 'sign in to create a board' };
    if (!verdict.ok) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: verdict.reason });
    creators.set(req, verdict.user);
  };
  app.post('/api/boards', { config: createLimit, onRequest: [onRequest, signedIn] }, async (req, reply) => {
    const text = typeof req.body === 'string' ? req.body.trim() : '';
    let raw: unknown = {};
    if (text !== '') {
      try {
        raw = JSON.parse(text);
      } catch (e) {
        return reply.code(400).send({ error: `the body is not JSON: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    const query = createBoardQuery.safeParse(req.query);
    if (!query.success) return reply.code(400).send({ error: 'orgOnly: true or false' });
    let orgOnly = query.data.orgOnly === 'true';
    let interview = false;
    let imported: string | undefined;
    const doc = new Y.Doc();
    try {
      if (typeof raw === 'object' && raw !== null && 'format' in raw) {
        const file = parseImport(text);
        if (!file.ok) return reply.code(400).send({ error: file.error.message, problems: file.error.problems });
        imported = file.value.title.trim() || 'Imported board';
        initBoard(doc, imported);
        writeImport(doc, file.value, { freshIds: false, setTitle: true });
      } else {
        const body = createBoardBody.safeParse(raw);
        if (!body.success) {
          return reply
            .code(400)
            .send({ error: 'invalid request body', issues: body.error.issues.map((i) => i.message) });
        }
        initBoard(doc, body.data.title ?? (body.data.interview ? 'Interview' : 'Untitled board'));
        orgOnly ||= body.data.orgOnly === true;
        if (body.data.interview) {
          interview = true;
          writeSession(doc, newSession(body.data.phases));
        } else if (body.data.phases) return reply.code(400).send({ error: 'phases: only for an interview' });
      }
      if (orgOnly && !signIn)
        return reply
          .code(400)
          .send({ error: 'organisation-only boards need sign-in, which this server does not have' });
      const creator = creators.get(req);
      const record: BoardRecord = {
        createdAt: Date.now(),
        orgOnly,
        ...(signIn && creator ? { owner: { issuer: signIn.issuer, subject: creator.subject } } : {}),
      };
      const id: BoardId = newBoardId();
      await deps.store.recordBoard(id, record);
      const created = Y.encodeStateAsUpdate(doc);
      await deps.store.append(id, created);
      // An interview's replay starts from the board as created: the first step of its archive.
      if (interview) await deps.store.appendArchive(id, [{ at: record.createdAt, by: null, update: created }]);
      if (imported !== undefined) {
        // The board is made either way: a version that failed to keep must not lose its links.
        await deps.history
          .save(id, created, { kind: 'imported', name: `Imported: ${imported}`, editors: [] })
          .catch((e: unknown) => req.log.error({ board: id, err: e }, 'keeping the imported version failed'));
      }
      // A new board: its links are of generation 0. An interview's creator is its host.
      const tokens = await deps.tokens.issue(id, 0, interview ? 'host' : 'owner');
      return reply.code(201).send({ id, ...tokens, ...(interview ? { hostToken: tokens.ownerToken } : {}) });
    } finally {
      doc.destroy();
    }
  });
}

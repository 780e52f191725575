import { z } from 'zod';
import { can, MAX_VIEW_LINK_SECONDS, MIN_VIEW_LINK_SECONDS, type BoardId, type LinksAnswer } from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';
import type { RoomRegistry } from '../rooms/RoomRegistry';
import type { Store } from '../store/Store';
import { authorize } from './access';
import type { HttpApp } from './createApp';

export interface LinkRouteDeps {
  tokens: BoardTokens;
  store: Store;
  rooms: Pick<RoomRegistry, 'get'>;
}

/** Whether the board was ever created: an open room means it exists; otherwise ask the store (a new board has no updates). */
export async function boardExists(deps: Pick<LinkRouteDeps, 'store' | 'rooms'>, board: BoardId): Promise<boolean> {
  if (deps.rooms.get(board)?.state === 'open') return true;
  return (await deps.store.load(board)).updates.length > 0;
}

const linksQuery = z.object({
  viewExpiresIn: z.coerce.number().int().min(MIN_VIEW_LINK_SECONDS).max(MAX_VIEW_LINK_SECONDS).optional(),
  token: z.string().optional(),
});

/**
 * `GET /api/boards/<id>/links[?viewExpiresIn=<seconds>]`: the board's view token, for anyone
 * holding a token that may share (`can(role, 'share')`: the owner and editors, not only the
 * creator, who got one from `POST /api/boards`). An editor can show the board to anybody
 * anyway, so this gives nothing away; a view token is refused (403), as the links are the
 * editors' to hand out. Without `viewExpiresIn` the token is `BoardTokens.viewToken`, the
 * same for every caller, so all editors hand out one view link; with it, a view token that
 * expires that many seconds from now (60 s to a year). The owner also gets an edit and an
 * owner token: for an owner who opened the board on another device, and for the board's
 * signed-in creator who came with another of its links (the owner by sign-in, whose page
 * then holds the owner link). Bad token 401, another board's 403, a board never created 404.
 */
export function linkRoutes(app: HttpApp, deps: LinkRouteDeps): void {
  app.get<{ Params: { id: string } }>('/api/boards/:id/links', async (req, reply) => {
    const access = await authorize(req, deps.tokens, req.params.id);
    if (!access.ok) return reply.code(access.status).send({ error: access.error });
    if (!can(access.role, 'share')) return reply.code(403).send({ error: 'a view link cannot hand out links' });
    const query = linksQuery.safeParse(req.query);
    if (!query.success) {
      const range = `${MIN_VIEW_LINK_SECONDS} to ${MAX_VIEW_LINK_SECONDS}`;
      return reply.code(400).send({ error: `viewExpiresIn: a whole number of seconds, ${range}` });
    }
    if (!(await boardExists(deps, access.board))) return reply.code(404).send({ error: 'no board with this id' });
    const seconds = query.data.viewExpiresIn;
    const expiresAt = seconds === undefined ? undefined : Math.floor(Date.now() / 1000) + seconds;
    const answer: LinksAnswer = {
      viewToken: await deps.tokens.viewToken(access.board, access.generation, expiresAt),
      ...(expiresAt === undefined ? {} : { viewExpiresAt: expiresAt * 1000 }),
      ...(can(access.role, 'manage')
        ? {
            editToken: await deps.tokens.sign(access.board, 'edit', access.generation),
            ownerToken: await deps.tokens.sign(access.board, 'owner', access.generation),
          }
        : {}),
    };
    return reply.header('cache-control', 'private, no-store').send(answer);
  });
}

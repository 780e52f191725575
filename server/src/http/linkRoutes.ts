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

/**
 * `GET /api/boards/<id>/links`: the board's view token, for anyone holding its edit token
 * (not only the creator, who got one from `POST /api/boards`). An editor can show the
 * board to anybody anyway, so this gives nothing away; a view token is refused (403), as
 * the links are the editors' to hand out. The token is `BoardTokens.viewToken`, the same
 * for every caller, so all editors hand out one view link. Bad token 401, another board's
 * 403, a board never created 404.
 */
export function linkRoutes(app: HttpApp, deps: LinkRouteDeps): void {
  app.get<{ Params: { id: string } }>('/api/boards/:id/links', async (req, reply) => {
    const access = await authorize(req, deps.tokens, req.params.id);
    if (!access.ok) return reply.code(access.status).send({ error: access.error });
    if (access.role !== 'edit') return reply.code(403).send({ error: 'a view link cannot hand out links' });
    // An open room means the board exists; otherwise ask the store (a new board has no updates).
    if (deps.rooms.get(access.board)?.state !== 'open') {
      const { updates } = await deps.store.load(access.board);
      if (updates.length === 0) return reply.code(404).send({ error: 'no board with this id' });
    }
    const viewToken = await deps.tokens.viewToken(access.board);
    return reply.header('cache-control', 'private, no-store').send({ viewToken });
  });
}

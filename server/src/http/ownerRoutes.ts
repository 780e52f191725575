import type { FastifyRequest } from 'fastify';
import { can, hostDocName, type BoardId, type ResetLinksAnswer } from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';
import type { Bus, LinksChange } from '../bus/Bus';
import type { RoomRegistry } from '../rooms/RoomRegistry';
import type { Store } from '../store/Store';
import { authorize, type Access } from './access';
import type { HttpApp } from './createApp';
import { boardExists } from './linkRoutes';

export interface OwnerRouteDeps {
  tokens: BoardTokens;
  store: Store;
  bus: Bus;
  rooms: Pick<RoomRegistry, 'get'>;
}

/**
 * What only the board's owner may do (`can(role, 'manage')`): reset the board's links and
 * delete the board. Both change the store first, so from then on every instance refuses the
 * old links at the upgrade (each reads the generation per request), then close what this
 * instance has open and announce the change on the bus, so every other instance closes its
 * own connections too. A lost announcement is made good by the bus's periodic check.
 */
export function ownerRoutes(app: HttpApp, deps: OwnerRouteDeps): void {
  // To the board and to its interview host document, whose links are the board's.
  const announce = (board: BoardId, change: LinksChange) => {
    for (const name of [board, hostDocName(board) as BoardId]) {
      deps.rooms.get(name)?.applyLinks(change);
      deps.bus.publishLinks(name, change);
    }
  };
  /** The request's access as the owner of an existing board, or why it has none. */
  const asOwner = async (req: FastifyRequest<{ Params: { id: string } }>, what: string): Promise<Access> => {
    const access = await authorize(req, deps.tokens, req.params.id);
    if (!access.ok) return access;
    if (!can(access.role, 'manage'))
      return { ok: false, status: 403, error: `only the board’s owner link can ${what}` };
    if (!(await boardExists(deps, access.board))) return { ok: false, status: 404, error: 'no board with this id' };
    return access;
  };

  /**
   * `POST /api/boards/<id>/links/reset`: moves the board to its next link generation and
   * answers its new owner, edit and view tokens. Every older link is refused from now on
   * (401 on the API, 4410 on the socket), and connections opened with one are closed 4410.
   */
  app.post<{ Params: { id: string } }>('/api/boards/:id/links/reset', async (req, reply) => {
    const access = await asOwner(req, 'reset its links');
    if (!access.ok) return reply.code(access.status).send({ error: access.error });
    const generation = await deps.store.resetLinks(access.board);
    if (generation === 'deleted') return reply.code(404).send({ error: 'no board with this id' });
    announce(access.board, { type: 'reset', generation });
    req.log.info({ board: access.board, generation }, 'links reset by the owner');
    // An interview's host keeps the host's link: it is the creator's on that board.
    const creator = can(access.role, 'interview') ? 'host' : 'owner';
    const answer: ResetLinksAnswer = await deps.tokens.issue(access.board, generation, creator);
    return reply.header('cache-control', 'private, no-store').send(answer);
  });

  /**
   * `DELETE /api/boards/<id>`: removes the board's updates and versions from the store and
   * marks it deleted, closes its connections with 4404 on every instance, and answers 204.
   * From then on every request for it is 404 and every socket 4404, whatever the token.
   */
  app.delete<{ Params: { id: string } }>('/api/boards/:id', async (req, reply) => {
    const access = await asOwner(req, 'delete the board');
    if (!access.ok) return reply.code(access.status).send({ error: access.error });
    await deps.store.deleteBoard(access.board);
    await deps.store.deleteBoard(hostDocName(access.board) as BoardId); // an interview's private notes
    announce(access.board, { type: 'deleted' });
    req.log.info({ board: access.board }, 'board deleted by the owner');
    return reply.code(204).send();
  });
}

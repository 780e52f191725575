import { z } from 'zod';
import { isBoardId, type BoardId } from '../schema/ids';

/**
 * The wire names of interview mode. A board created as an interview (`POST /api/boards`
 * with `"interview": true`) answers its creator a token of role `host` (as `ownerToken`,
 * and again as `hostToken`): the owner's rights plus `interview` (ROLE_RIGHTS).
 */

/** The host's private document of a board is opened at `/ws/<board>~host` with a host token. */
export const HOST_DOC_SUFFIX = '~host';

export const hostDocName = (board: BoardId): string => `${board}${HOST_DOC_SUFFIX}`;

/** Which document a WebSocket path names: a board, or a board's host document. */
export function parseDocName(name: string): { board: BoardId; part: 'board' | 'host' } | undefined {
  const host = name.endsWith(HOST_DOC_SUFFIX);
  const board = host ? name.slice(0, -HOST_DOC_SUFFIX.length) : name;
  return isBoardId(board) ? { board, part: host ? 'host' : 'board' } : undefined;
}

/** `GET /api/time`: the server's clock (milliseconds since the epoch), for the interview clock. */
export const serverTimeSchema = z.object({ now: z.number() });

/**
 * One step of a board's replay: an update as it was stored, when, and who made it (their
 * presence name and colour then; null when the server did not know).
 */
export const replayStepSchema = z.object({
  at: z.number(),
  by: z.object({ name: z.string().max(64), color: z.string().max(16) }).nullable(),
  /** The Yjs update, base64. */
  update: z.string(),
});
export type ReplayStep = z.infer<typeof replayStepSchema>;

/**
 * `GET /api/boards/<id>/replay`: every update of an interview board since it was created,
 * oldest first. The host's link reads it at any time; other links only once the session
 * ended and the host shared the replay.
 */
export const replaySchema = z.object({ steps: z.array(replayStepSchema) });
export type Replay = z.infer<typeof replaySchema>;

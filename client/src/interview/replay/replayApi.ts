import { fromBase64 } from 'lib0/buffer';
import { replaySchema } from '@archboard/shared';
import { signInHeaders } from '../../auth/signIn';
import type { Author, TimelineStep } from './ReplayTimeline';

/** A colour the page may paint with: `#rgb` or `#rrggbb`. */
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
/** The colour of an author whose presence named something else (any page may announce anything). */
export const UNKNOWN_COLOR = '#868e96';

/** A step's author as the page shows it: the colour checked, since it goes into styles. */
export function cleanAuthor(by: { name: string; color: string } | null): Author | null {
  if (!by) return null;
  return { name: by.name.trim() || 'Someone', color: HEX_COLOR.test(by.color) ? by.color : UNKNOWN_COLOR };
}

/**
 * `GET /api/boards/<id>/replay`: every step of an interview board, decoded. The host's
 * link reads it at any time; another link only after the session, once the host shared it
 * (the server answers 403 otherwise, and the error says so).
 */
export async function fetchReplay(boardId: string, token: string): Promise<TimelineStep[]> {
  const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/replay`, {
    headers: { authorization: `Bearer ${token}`, ...signInHeaders() },
    cache: 'no-store',
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : undefined;
    throw new Error(error ?? `the server answered HTTP ${response.status}`);
  }
  const parsed = replaySchema.safeParse(body);
  if (!parsed.success) throw new Error('the server answered with something that is not a replay');
  return parsed.data.steps.map((step) => ({ at: step.at, by: cleanAuthor(step.by), update: fromBase64(step.update) }));
}

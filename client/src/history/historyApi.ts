import { z } from 'zod';
import { boardFromExport, exportDocSchema, snapshotInfoSchema, type Board, type SnapshotInfo } from '@archboard/shared';
import { signInHeaders } from '../auth/signIn';

/** The history API (`/api/boards/<id>/history`), its answers checked at this boundary. */
const base = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/history`;

async function call<T>(url: string, token: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...signInHeaders(),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : undefined;
    throw new Error(error ?? `the server answered HTTP ${response.status}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error('the server answered with something that is not a version history');
  return parsed.data;
}

export function listVersions(boardId: string, token: string): Promise<SnapshotInfo[]> {
  return call(base(boardId), token, z.object({ versions: z.array(snapshotInfoSchema) })).then((r) => r.versions);
}

export function saveVersion(
  boardId: string,
  token: string,
  request: { name: string; kind: 'named' | 'restore'; author: string; stateVector: string },
): Promise<SnapshotInfo | null> {
  return call(base(boardId), token, z.object({ version: snapshotInfoSchema.nullable() }), {
    method: 'POST',
    body: JSON.stringify(request),
  }).then((r) => r.version);
}

export async function openVersion(
  boardId: string,
  token: string,
  id: string,
): Promise<{ info: SnapshotInfo; board: Board }> {
  const answer = await call(
    `${base(boardId)}/${encodeURIComponent(id)}`,
    token,
    z.object({ version: snapshotInfoSchema, board: exportDocSchema }),
  );
  return { info: answer.version, board: boardFromExport(answer.board) };
}

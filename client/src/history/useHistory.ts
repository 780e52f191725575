import { useCallback, useEffect, useState } from 'react';
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { Board, SnapshotInfo } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';
import { listVersions, openVersion, saveVersion } from './historyApi';
import { restoreTo } from './restoreTo';

export interface Preview {
  info: SnapshotInfo;
  board: Board;
}

const REFRESH_MS = 20_000;

/**
 * The board's version history as the History panel uses it: the list (refreshed while the
 * panel is open), "Save version", opening a version read-only, and restoring it. Restore
 * first keeps the board as it is now (a `restore` version), then makes the doc read as the
 * version in one transaction of this tab's origin: everyone sees it at once, and one undo
 * brings the later edits back.
 */
export function useHistory(session: BoardSession, author: string, active: boolean) {
  const [versions, setVersions] = useState<SnapshotInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const { boardId, token } = session;
  // What this tab has seen: the server keeps the version once it holds all of it.
  const seen = () => toBase64(Y.encodeStateVector(session.doc));

  const refresh = useCallback(
    () =>
      listVersions(boardId, token).then(
        (list) => {
          setVersions(list);
          setError(null);
        },
        (e: unknown) => setError(`History is unavailable: ${e instanceof Error ? e.message : String(e)}`),
      ),
    [boardId, token],
  );

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    const first = setTimeout(() => void refresh(), 0);
    return () => {
      clearInterval(timer);
      clearTimeout(first);
    };
  }, [active, refresh]);

  const attempt = async (what: string, step: () => Promise<void>) => {
    setBusy(true);
    try {
      await step();
      setError(null);
    } catch (e) {
      setError(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const save = (name: string) =>
    attempt('Saving the version', async () => {
      await saveVersion(boardId, token, { name, kind: 'named', author, stateVector: seen() });
      await refresh();
    });

  const open = (info: SnapshotInfo) =>
    attempt('Opening the version', async () => setPreview(await openVersion(boardId, token, info.id)));

  const restore = () =>
    attempt('Restoring', async () => {
      if (!preview) return;
      await restoreTo(session, preview.board, { name: `Before restoring “${preview.info.name}”`, author });
      setPreview(null);
      await refresh();
    });

  return { versions, error, busy, preview, save, open, restore, closePreview: () => setPreview(null) };
}

export type HistoryState = ReturnType<typeof useHistory>;

import { useSyncExternalStore } from 'react';
import type { BoardSession } from './BoardSession';
import type { UnsyncedSnapshot } from './UnsyncedStore';

export function useUnsynced(session: BoardSession): UnsyncedSnapshot {
  const { unsynced } = session.connection;
  return useSyncExternalStore(unsynced.subscribe, unsynced.getSnapshot);
}

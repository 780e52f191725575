import { useSyncExternalStore } from 'react';
import type { BoardSession } from './BoardSession';
import type { ConnectionSnapshot } from './ConnectionStore';

export function useConnection(session: BoardSession): ConnectionSnapshot {
  return useSyncExternalStore(session.connection.subscribe, session.connection.getSnapshot);
}

import { useSyncExternalStore } from 'react';
import type { BoardSession } from '../sync/BoardSession';
import type { Person } from './PeersStore';
import type { Peer } from './presenceState';

/** Everyone else's presence, cursors included: re-renders on every pointer move. */
export function usePeers(session: BoardSession): Peer[] {
  return useSyncExternalStore(session.peers.subscribe, session.peers.getPeers);
}

/** Who else is here: re-renders only when someone joins, leaves or is renamed. */
export function usePeople(session: BoardSession): Person[] {
  return useSyncExternalStore(session.peers.subscribe, session.peers.getPeople);
}

/** Node id → colour of another person who has it selected. */
export function usePeerSelections(session: BoardSession): ReadonlyMap<string, string> {
  return useSyncExternalStore(session.peers.subscribe, session.peers.getSelections);
}

import type { Awareness } from 'y-protocols/awareness';
import { toPeer, type Peer } from './presenceState';

/** Who is on the board, without where their pointer is: changes only on join, leave or rename. */
export interface Person {
  clientId: number;
  name: string;
  color: string;
}

const samePeople = (a: readonly Person[], b: readonly Person[]) =>
  a.length === b.length &&
  a.every((p, i) => p.clientId === b[i]?.clientId && p.name === b[i]?.name && p.color === b[i]?.color);

const samePeers = (a: readonly Peer[], b: readonly Peer[]) =>
  samePeople(
    a.map((p) => ({ clientId: p.clientId, ...p.user })),
    b.map((p) => ({ clientId: p.clientId, ...p.user })),
  ) &&
  a.every((p, i) => {
    const q = b[i]!;
    return p.cursor?.x === q.cursor?.x && p.cursor?.y === q.cursor?.y && p.selection.join() === q.selection.join();
  });

const sameMap = (a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>) =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/**
 * The other people on a board (not this tab), read from awareness once per change and
 * offered as three snapshots that each change only when their own content does: the
 * full presence (cursors), the people (avatars) and who has which node selected. A
 * cursor moving then re-renders the cursors and nothing else.
 */
export class PeersStore {
  private peers: Peer[] = [];
  private people: Person[] = [];
  private selections: ReadonlyMap<string, string> = new Map();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly awareness: Awareness) {
    this.read();
    awareness.on('change', this.onChange);
  }

  private onChange = () => {
    if (this.read()) for (const listener of [...this.listeners]) listener();
  };

  /** Re-reads awareness; true when any snapshot changed. */
  private read(): boolean {
    const peers: Peer[] = [];
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.awareness.clientID) return;
      const peer = toPeer(clientId, state);
      if (peer) peers.push(peer);
    });
    peers.sort((a, b) => a.clientId - b.clientId);
    if (samePeers(peers, this.peers)) return false;
    this.peers = peers;
    const people = peers.map((p) => ({ clientId: p.clientId, name: p.user.name, color: p.user.color }));
    if (!samePeople(people, this.people)) this.people = people;
    const selections = new Map<string, string>();
    for (const peer of peers)
      for (const id of peer.selection) if (!selections.has(id)) selections.set(id, peer.user.color);
    if (!sameMap(selections, this.selections)) this.selections = selections;
    return true;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getPeers = (): Peer[] => this.peers;
  getPeople = (): Person[] => this.people;
  getSelections = (): ReadonlyMap<string, string> => this.selections;

  destroy(): void {
    this.awareness.off('change', this.onChange);
    this.listeners.clear();
  }
}

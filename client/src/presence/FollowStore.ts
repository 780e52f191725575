import type { Awareness } from 'y-protocols/awareness';
import {
  newSummonId,
  sameViewport,
  SUMMON_FIELD,
  toSummon,
  toViewport,
  VIEWPORT_FIELD,
  type PublishedViewport,
  type Summon,
} from './followState';
import { toPeer } from './presenceState';
import { SummonLedger } from './SummonLedger';

/** Moves this page's view to show another page's area; given by the canvas (useFollowMode). */
export type MoveView = (area: PublishedViewport) => void;

/**
 * Follow mode for one board page, apart from React Flow: whom this page follows, and when
 * its view should move. It watches awareness and asks the canvas to move when the person
 * followed shows something else, or when someone else brings everyone to them (once per
 * summon, see SummonLedger). It stops following when that person leaves; the canvas stops
 * it on any pan or zoom of this page's own.
 */
export class FollowStore {
  private following: number | null = null;
  private lastArea: PublishedViewport | null = null;
  private moveView: MoveView | null = null;
  private readonly ledger = new SummonLedger();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly awareness: Awareness) {}

  /** Starts watching awareness; returns the way to stop. */
  start(): () => void {
    // Summons already out there when this page arrives were not meant for it.
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId !== this.awareness.clientID) this.ledger.see(clientId, toSummon(state[SUMMON_FIELD]));
    });
    this.awareness.on('change', this.onChange);
    return () => this.awareness.off('change', this.onChange);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The awareness client id of the person followed, or null. */
  getFollowing = (): number | null => this.following;

  /** Follows `clientId`, or stops when it is the one followed already (a second click on the avatar). */
  toggle(clientId: number): void {
    if (this.following === clientId) this.stop();
    else this.follow(clientId);
  }

  follow(clientId: number): void {
    if (clientId === this.awareness.clientID) return;
    this.set(clientId);
    this.lastArea = null;
    this.chase();
  }

  stop(): void {
    this.set(null);
  }

  /** Publishes a new summon: every other page moves to `viewport` once. */
  summon(viewport: PublishedViewport): void {
    this.awareness.setLocalStateField(SUMMON_FIELD, { id: newSummonId(), viewport } satisfies Summon);
  }

  /** The canvas's way to move the view, or null while there is no canvas. */
  setMoveView(move: MoveView | null): void {
    this.moveView = move;
    this.lastArea = null;
    if (move) this.chase();
  }

  /** Reads only the states that changed: awareness changes with every cursor move of everyone. */
  private onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    for (const clientId of removed) this.ledger.forget(clientId);
    const states = this.awareness.getStates();
    for (const from of [...added, ...updated]) {
      if (from === this.awareness.clientID) continue;
      const summon = toSummon(states.get(from)?.[SUMMON_FIELD]);
      if (this.ledger.see(from, summon) && summon) this.answer(from, summon);
    }
    if (this.following !== null && [...added, ...updated, ...removed].includes(this.following)) this.chase();
  };

  /** A summon is a jump, not a follow: after it this page stays put, unless it follows the summoner. */
  private answer(from: number, summon: Summon): void {
    if (this.following !== from) this.stop();
    this.moveView?.(summon.viewport);
  }

  /** Moves the view to the followed person's latest area, if it changed; stops when they left. */
  private chase(): void {
    if (this.following === null) return;
    const state = this.awareness.getStates().get(this.following);
    if (!state || !toPeer(this.following, state)) {
      this.stop();
      return;
    }
    const area = toViewport(state[VIEWPORT_FIELD]);
    if (!area || !this.moveView || (this.lastArea && sameViewport(area, this.lastArea))) return;
    this.lastArea = area;
    this.moveView(area);
  }

  private set(following: number | null): void {
    if (following === this.following) return;
    this.following = following;
    for (const listener of [...this.listeners]) listener();
  }
}

import type { Summon } from './followState';

/**
 * Which "bring everyone to me" summons this page has answered. A summon is answered once,
 * and only if it was made while this page could see its sender: the summon a person
 * carried when this page first saw them (this page joined later, or lost its connection
 * and came back, which drops and re-adds everyone's presence) counts as already seen.
 * Remembering the last id per sender is enough, since a sender only ever replaces its id
 * with a new one.
 */
export class SummonLedger {
  /** The last summon id seen from each sender, null when it carried none. */
  private readonly seen = new Map<number, string | null>();

  /** Records what `from` carries now; true when it is a summon to answer. */
  see(from: number, summon: Summon | null): boolean {
    const id = summon?.id ?? null;
    const known = this.seen.has(from);
    const before = this.seen.get(from);
    this.seen.set(from, id);
    return known && id !== null && id !== before;
  }

  /** `from` left (or this page lost sight of it): whatever it carries when seen again is old. */
  forget(from: number): void {
    this.seen.delete(from);
  }
}

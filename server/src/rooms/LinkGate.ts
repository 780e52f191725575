import type { LinksChange } from '../bus/Bus';

/**
 * Which links still open a board, as a room knows it. The upgrade checks every token
 * against the store, but it reads the generation before the connection joins, and a reset
 * can fall in between (or reach this instance over the bus before the store read answers).
 * So a room keeps the newest generation it has heard of, closes connections of older links
 * when it hears of a newer one, and refuses a late joiner of an older link too.
 */
export class LinkGate {
  /** Connections opened with a link of a generation below this are refused. */
  private from = 0;
  /** The board was deleted: no connection stays, nothing more is stored for it. */
  deleted = false;

  /** Takes in a change; false when it is nothing new (an echo, or the periodic check). */
  apply(change: LinksChange): boolean {
    if (this.deleted) return false;
    if (change.type === 'deleted') {
      this.deleted = true;
      this.from = Infinity;
      return true;
    }
    if (change.generation <= this.from) return false;
    this.from = change.generation;
    return true;
  }

  /** The close for a connection opened with a link of `generation`, or undefined when it may stay. */
  refusal(generation: number): 'boardDeleted' | 'linkRevoked' | undefined {
    if (this.deleted) return 'boardDeleted';
    return generation < this.from ? 'linkRevoked' : undefined;
  }
}

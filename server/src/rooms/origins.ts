/**
 * Where a change a room relays came from, as data: a local client's update or presence
 * (stored just now, for an update), or another instance's, heard on the bus.
 */
export type ChangeOrigin =
  | { source: 'stored' } // a local client's update, appended to the store just now
  | { source: 'bus' }; // another instance's update or presence, already stored by it

export const ORIGIN = {
  stored: { source: 'stored' },
  bus: { source: 'bus' },
} as const satisfies Record<string, ChangeOrigin>;

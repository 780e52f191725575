/**
 * Transaction origins, as data. Client updates are never applied with a client origin:
 * they are stored first and then applied as `stored`, so the room's doc only ever holds
 * what the store holds.
 */
export type TransactionOrigin =
  | { source: 'load' } // read from the store when the room opened
  | { source: 'stored' } // a local client's update, appended to the store just now
  | { source: 'bus' }; // another instance's update, already stored by it

export const ORIGIN = {
  load: { source: 'load' },
  stored: { source: 'stored' },
  bus: { source: 'bus' },
} as const satisfies Record<string, TransactionOrigin>;

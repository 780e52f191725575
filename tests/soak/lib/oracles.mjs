// The soak's oracles: whether an acknowledged write is where it must be. A write is covered
// by a state vector when the vector's clock for the write's client is past the write's
// clock (Yjs integrates a client's items in clock order, so the vector implies every
// earlier one); a doc holds it when its key is in the map "soak".

/** @typedef {import('./clients.mjs').Write} Write */

/**
 * @param {Write[]} writes
 * @param {Map<number, number> | undefined} stateVector
 */
export const notCoveredBy = (writes, stateVector) => writes.filter((w) => (stateVector?.get(w.client) ?? 0) <= w.clock);

/**
 * @param {Write[]} writes
 * @param {import('yjs').Doc | undefined} doc
 */
export const notIn = (writes, doc) => {
  const map = doc?.getMap('soak');
  return writes.filter((w) => !map?.has(w.key));
};

/** @param {Map<string, Write>} ledger */
export const ackedBefore = (ledger, time) =>
  [...ledger.values()].filter((w) => w.ackedAt !== undefined && w.ackedAt < time);

/**
 * The greeting check of one server process: its first state vector to a connecting client,
 * and the board in its answer to a client that has nothing, must hold every write
 * acknowledged before the process was spawned.
 * @param {string} instance
 * @param {Map<string, Write>} ledger
 * @param {number} spawnedAt
 * @param {import('./probe.mjs').ProbeResult} probed
 */
export function greetingCheck(instance, ledger, spawnedAt, probed) {
  const due = ackedBefore(ledger, spawnedAt);
  const missing = new Set([...notCoveredBy(due, probed.greeting), ...notIn(due, probed.doc)].map((w) => w.key));
  return {
    instance,
    at: new Date(spawnedAt).toISOString(),
    due: due.length,
    missing: [...missing],
    greetingMs: probed.greetedAt ? probed.greetedAt - spawnedAt : undefined,
    failure: probed.failure,
    ok: missing.size === 0 && !probed.failure,
  };
}

/** Two state vectors name the same clocks. */
export function sameStateVector(a, b) {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}

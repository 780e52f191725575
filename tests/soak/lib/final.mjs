// The end of a soak: writes stop, every client must converge (hold every write, equal
// state vectors); then a fresh client of each instance must hold every acknowledged write;
// then every process is killed (-9, Redis too), started again, and what each instance
// loads from the store must hold every acknowledged write as well.
import * as Y from 'yjs';
import { freshClient } from './clients.mjs';
import { greetingCheck, notCoveredBy, notIn, sameStateVector } from './oracles.mjs';
import { waitFor } from './wait.mjs';

const stateVectorOf = (doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

/**
 * @param {{ rig: Awaited<ReturnType<typeof import('./rig.mjs').startRig>>,
 *   clients: ReturnType<typeof import('./clients.mjs').startClients>,
 *   lastFaultEnd: number, convergeTimeoutMs: number, log: (line: string) => void }} options
 */
export async function finalChecks({ rig, clients, lastFaultEnd, convergeTimeoutMs, log }) {
  clients.stopWriting();
  const writes = [...clients.ledger.values()];
  const converged = await waitFor(
    () =>
      clients.allSynced() &&
      clients.clients.every((c) => notIn(writes, c.doc).length === 0) &&
      clients.clients.every((c) =>
        sameStateVector(stateVectorOf(c.doc), stateVectorOf(/** @type {Y.Doc} */ (clients.clients[0]?.doc))),
      ),
    convergeTimeoutMs,
  );
  const convergenceMs = converged.ok ? Date.now() - lastFaultEnd : undefined;
  log(converged.ok ? `converged ${convergenceMs} ms after the last fault` : `NOT converged in ${convergeTimeoutMs} ms`);

  // Counted now, once writes have stopped and clients had their time to converge.
  const acked = writes.filter((w) => w.ackedAt !== undefined);
  /** @type {Record<string, string[]>} acknowledged writes missing, by oracle */
  const missing = { liveClients: [], freshClients: [], store: [] };
  for (const client of clients.clients) missing.liveClients.push(...notIn(acked, client.doc).map((w) => w.key));
  const vectors = clients.clients.map((c) => stateVectorOf(c.doc));
  const stateVectorsEqual = vectors.every((v) => sameStateVector(v, /** @type {Map<number, number>} */ (vectors[0])));

  /** @type {string[]} */
  const failures = [];
  for (const instance of rig.instances) {
    const doc = await freshClient(instance.wsUrl, rig.board.id, rig.board.viewToken, 20_000);
    if (!doc) failures.push(`a fresh client of ${instance.name} did not sync in 20 s`);
    const gone = new Set([...notIn(acked, doc), ...notCoveredBy(acked, doc && stateVectorOf(doc))].map((w) => w.key));
    missing.freshClients.push(...gone);
    doc?.destroy();
  }

  // Every process killed at once, then started again: only what the store holds comes back.
  clients.destroy();
  await Promise.all(rig.instances.map((instance) => instance.signal('SIGKILL')));
  rig.instances.forEach((_, i) => rig.down(i));
  if (rig.redis) {
    await rig.redis.signal('SIGKILL');
    await rig.redis.start();
  }
  /** @type {ReturnType<typeof greetingCheck>[]} */
  const restarts = [];
  for (let i = 0; i < rig.instances.length; i++) {
    const { spawnedAt, probed } = await rig.restart(i);
    const check = greetingCheck(`instance${i} (final restart)`, clients.ledger, spawnedAt, probed);
    restarts.push(check);
    missing.store.push(...check.missing);
    if (check.failure) failures.push(`${check.instance}: ${check.failure}`);
  }
  log(
    `after killing and restarting everything: ${acked.length - new Set(missing.store).size} of ${acked.length} acknowledged writes in the store`,
  );
  return {
    converged: converged.ok,
    convergenceMs,
    stateVectorsEqual,
    writes: writes.length,
    acked: acked.length,
    unacked: writes.length - acked.length,
    missing,
    restarts,
    failures,
  };
}

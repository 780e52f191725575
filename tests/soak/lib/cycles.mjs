// The fault cycles: inject the next fault of the schedule, wait until the system has
// recovered (every instance ready, every client connected and synced, every writer's
// latest write acknowledged), pause, and go on until the time is up.
import { faultSchedule, inject } from './faults.mjs';
import { greetingCheck } from './oracles.mjs';
import { sleep, waitFor } from './wait.mjs';

/**
 * @param {{ rig: Awaited<ReturnType<typeof import('./rig.mjs').startRig>>,
 *   clients: ReturnType<typeof import('./clients.mjs').startClients>,
 *   seed: number, deadline: number, negativeControl: boolean, recoveryTimeoutMs: number,
 *   log: (line: string) => void }} options
 */
export async function runCycles({ rig, clients, seed, deadline, negativeControl, recoveryTimeoutMs, log }) {
  const next = faultSchedule(seed, rig.mode, rig.instances.length);
  /** @type {(import('./faults.mjs').Fault & { durationMs: number, recoveryMs: number, recovered: boolean, dropped: number })[]} */
  const cycles = [];
  /** @type {ReturnType<typeof greetingCheck>[]} */
  const greetings = [];
  /** @type {string[]} */
  const failures = [];
  let lastFaultEnd = Date.now();
  while (Date.now() < deadline) {
    const fault = next();
    // The negative control: the first fault is a kill -9 of instance 0, with the store deleted while it is down.
    const control = negativeControl && cycles.length === 0;
    if (control) Object.assign(fault, { kind: 'kill9', target: 0 });
    const started = Date.now();
    const dropsBefore = presenceDrops(rig);
    await inject(fault, rig, {
      whileDown: control ? () => rig.deleteStore() : undefined,
      restarted: (i, { spawnedAt, probed }) => {
        const check = greetingCheck(`instance${i}`, clients.ledger, spawnedAt, probed);
        greetings.push(check);
        if (!check.ok)
          log(
            `greeting check FAILED on ${check.instance}: ${check.missing.length} of ${check.due} acknowledged writes missing${check.failure ? ` (${check.failure})` : ''}`,
          );
      },
    });
    lastFaultEnd = Date.now();
    if (negativeControl && greetings.some((g) => !g.ok)) {
      // what it had to show, it has shown: on to the final checks
      cycles.push({ ...fault, durationMs: lastFaultEnd - started, recoveryMs: 0, recovered: false, dropped: 0 });
      break;
    }
    const latest = clients.latestWrites();
    const recovery = await waitFor(
      async () => clients.allSynced() && latest.every((w) => w.ackedAt !== undefined) && (await rig.ready()),
      recoveryTimeoutMs,
      150,
    );
    // presence an instance dropped for another it took for dead, during this fault or its recovery
    const dropped = presenceDrops(rig) - dropsBefore;
    cycles.push({
      ...fault,
      durationMs: lastFaultEnd - started,
      recoveryMs: recovery.ms,
      recovered: recovery.ok,
      dropped,
    });
    const target = fault.kind === 'kill9' || fault.kind === 'sigterm' ? ` instance${fault.target}` : '';
    log(
      `cycle ${fault.cycle}: ${fault.kind}${target} ${lastFaultEnd - started} ms, recovered in ${recovery.ms} ms${recovery.ok ? '' : ' — NOT RECOVERED'}`,
    );
    if (!recovery.ok) {
      failures.push(`cycle ${fault.cycle} (${fault.kind}): not recovered in ${recoveryTimeoutMs} ms`);
      break;
    }
    await sleep(Math.min(fault.gapMs, deadline - Date.now()));
  }
  return { cycles, greetings, failures, lastFaultEnd };
}

/** "instance stopped; dropped its clients' presence" log lines of every instance so far. */
const presenceDrops = (rig) => rig.instances.reduce((sum, instance) => sum + instance.tally.presenceDropped, 0);

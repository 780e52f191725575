// The soak's report: one JSON file with everything, and a short summary for people.
import { FAULT_NAMES } from './faults.mjs';

const quantile = (values, q) => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/**
 * @param {{ args: ReturnType<typeof import('./args.mjs').soakArgs>, startedAt: number,
 *   run: Awaited<ReturnType<typeof import('./cycles.mjs').runCycles>>,
 *   final: Awaited<ReturnType<typeof import('./final.mjs').finalChecks>>,
 *   rig: Awaited<ReturnType<typeof import('./rig.mjs').startRig>>,
 *   clients: ReturnType<typeof import('./clients.mjs').startClients> }} parts
 */
export function buildReport({ args, startedAt, run, final, rig, clients }) {
  /** @type {Record<string, number>} */
  const cycles = Object.fromEntries(Object.keys(FAULT_NAMES).map((kind) => [kind, 0]));
  for (const cycle of run.cycles) cycles[cycle.kind] = (cycles[cycle.kind] ?? 0) + 1;
  if (rig.mode === 'embedded') for (const kind of ['redisRestart', 'redisStall', 'pubsubKill']) delete cycles[kind];
  const failedGreetings = run.greetings.filter((g) => !g.ok);
  const lost = new Set([
    ...final.missing.liveClients,
    ...final.missing.freshClients,
    ...final.missing.store,
    ...failedGreetings.flatMap((g) => g.missing),
  ]);
  const failures = [...run.failures, ...final.failures];
  if (!final.converged) failures.push('clients did not converge');
  if (!final.stateVectorsEqual) failures.push('state vectors differ between clients');
  if (run.cycles.length < args.minCycles)
    failures.push(`${run.cycles.length} fault cycles, fewer than ${args.minCycles}`);
  const recoveries = run.cycles.filter((c) => c.recovered).map((c) => c.recoveryMs);
  const verdict = lost.size > 0 || failedGreetings.length > 0 ? 'loss' : failures.length > 0 ? 'failed' : 'ok';
  return {
    verdict,
    mode: args.mode,
    seed: args.seed,
    minutes: args.minutes,
    negativeControl: args.negativeControl,
    instances: rig.instances.length,
    clients: {
      writers: clients.clients.filter((c) => c.role === 'writer').length,
      readers: clients.clients.filter((c) => c.role === 'reader').length,
      ...clients.events,
    },
    startedAt: new Date(startedAt).toISOString(),
    durationS: Math.round((Date.now() - startedAt) / 1000),
    cycles: { total: run.cycles.length, ...cycles },
    writes: { made: final.writes, acknowledged: final.acked, unacknowledgedAtEnd: final.unacked },
    lost: {
      total: lost.size,
      liveClients: new Set(final.missing.liveClients).size,
      freshClients: new Set(final.missing.freshClients).size,
      store: new Set(final.missing.store).size,
      greetings: new Set(failedGreetings.flatMap((g) => g.missing)).size,
      sample: [...lost].slice(0, 20),
    },
    convergence: {
      converged: final.converged,
      msAfterLastFault: final.convergenceMs,
      stateVectorsEqual: final.stateVectorsEqual,
    },
    recovery: { p50Ms: quantile(recoveries, 0.5), p95Ms: quantile(recoveries, 0.95), maxMs: quantile(recoveries, 1) },
    greetings: {
      checks: run.greetings.length + final.restarts.length,
      failed: failedGreetings.length + final.restarts.filter((g) => !g.ok).length,
      writesChecked: [...run.greetings, ...final.restarts].reduce((sum, g) => sum + g.due, 0),
      greetingMsP50: quantile(
        run.greetings.map((g) => g.greetingMs).filter((ms) => ms !== undefined),
        0.5,
      ),
      failures: [...failedGreetings, ...final.restarts.filter((g) => !g.ok)].map((g) => ({
        ...g,
        missing: g.missing.length,
      })),
    },
    // Not an oracle: an instance taken for dead while no instance died (a Redis fault) is a false alarm.
    presenceDroppedByFault: run.cycles.reduce(
      (byKind, c) => ({ ...byKind, [c.kind]: (byKind[c.kind] ?? 0) + c.dropped }),
      /** @type {Record<string, number>} */ ({}),
    ),
    servers: rig.instances.map((i) => ({ name: i.name, ...i.tally })),
    frontends: rig.frontends.stats,
    failures,
    schedule: run.cycles,
  };
}

const ms = (value) => (value === undefined ? '–' : `${value} ms`);

/** @param {ReturnType<typeof buildReport>} report */
export function summary(report, file) {
  const lines = [
    `soak ${report.mode}, seed ${report.seed}${report.negativeControl ? ', NEGATIVE CONTROL (store deleted under a kill -9)' : ''}: ${report.verdict.toUpperCase()}`,
    `  ${report.durationS} s, ${report.instances} instance(s), ${report.clients.writers} writers and ${report.clients.readers} readers (y-websocket)`,
    `  fault cycles: ${report.cycles.total}`,
    ...Object.entries(FAULT_NAMES)
      .filter(([kind]) => kind in report.cycles)
      .map(([kind, name]) => `    ${name}: ${report.cycles[kind]}`),
    `  writes: ${report.writes.made} made, ${report.writes.acknowledged} acknowledged, ${report.writes.unacknowledgedAtEnd} never acknowledged`,
    `  lost acknowledged writes: ${report.lost.total} (live clients ${report.lost.liveClients}, fresh clients ${report.lost.freshClients}, store after kill-all ${report.lost.store}, greetings ${report.lost.greetings})`,
    `  greeting checks: ${report.greetings.checks} (${report.greetings.failed} failed), ${report.greetings.writesChecked} acknowledged writes checked`,
    `  convergence: ${report.convergence.converged ? `${report.convergence.msAfterLastFault} ms after the last fault` : 'NOT converged'}, state vectors ${report.convergence.stateVectorsEqual ? 'equal' : 'DIFFER'}`,
    `  recovery per cycle: p50 ${ms(report.recovery.p50Ms)}, p95 ${ms(report.recovery.p95Ms)}, max ${ms(report.recovery.maxMs)}`,
    `  presence dropped for an instance taken for dead, by fault: ${JSON.stringify(report.presenceDroppedByFault)}`,
    `  server log: ${report.servers.map((s) => `${s.name} ${s.starts} starts, ${s.errors} errors, ${s.warnings} warnings, ${s.presenceDropped} presence drops`).join('; ')}`,
    ...report.failures.map((f) => `  FAILURE: ${f}`),
    `  report: ${file}`,
  ];
  return lines.join('\n');
}

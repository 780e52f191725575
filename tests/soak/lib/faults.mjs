// The seeded fault schedule and the faults themselves. Every cycle draws the same fields
// from the PRNG whatever its kind, so a seed always gives the same schedule.
import { prng } from './prng.mjs';

/** @typedef {'kill9' | 'sigterm' | 'redisRestart' | 'redisStall' | 'pubsubKill'} FaultKind */

/** @type {Record<'cluster' | 'embedded', [FaultKind, number][]>} */
const WEIGHTS = {
  cluster: [
    ['kill9', 30],
    ['sigterm', 25],
    ['redisRestart', 17],
    ['redisStall', 13],
    ['pubsubKill', 15],
  ],
  // one instance on SQLite: no Redis to fault
  embedded: [
    ['kill9', 55],
    ['sigterm', 45],
  ],
};

export const FAULT_NAMES = {
  kill9: 'kill -9 of an instance',
  sigterm: 'SIGTERM of an instance',
  redisRestart: 'Redis restart',
  redisStall: 'Redis stopped (SIGSTOP) 3–8 s',
  pubsubKill: 'pub/sub connection killed',
};

/**
 * @typedef {object} Fault
 * @property {number} cycle
 * @property {FaultKind} kind
 * @property {number} target the instance, for kill9 and sigterm
 * @property {number} downMs how long a stopped process stays down before its restart
 * @property {number} stallMs how long Redis stays stopped (SIGSTOP)
 * @property {number} gapMs quiet time after recovery, before the next fault
 */

/**
 * The first cycles take each kind of fault once, in an order the seed shuffles, so that even
 * a short soak meets every kind; after them, kinds are drawn by their weights.
 * @param {number} seed
 * @param {'cluster' | 'embedded'} mode
 * @param {number} instances
 * @returns {() => Fault}
 */
export function faultSchedule(seed, mode, instances) {
  const random = prng(seed);
  const first = WEIGHTS[mode].map(([kind]) => kind);
  for (let i = first.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [first[i], first[j]] = [/** @type {FaultKind} */ (first[j]), /** @type {FaultKind} */ (first[i])];
  }
  let cycle = 0;
  return () => {
    const drawn = random.pick(WEIGHTS[mode]);
    cycle++;
    return {
      cycle,
      kind: first[cycle - 1] ?? drawn,
      target: random.int(0, instances - 1),
      downMs: Math.round(random.between(200, 1500)),
      stallMs: Math.round(random.between(3000, 8000)),
      gapMs: Math.round(random.between(200, 1000)),
    };
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Injects one fault and returns once every process is back.
 * @param {Fault} fault
 * @param {Awaited<ReturnType<typeof import('./rig.mjs').startRig>>} rig
 * @param {{ whileDown?: () => Promise<void>,
 *   restarted: (instance: number, result: Awaited<ReturnType<typeof rig.restart>>) => void }} hooks
 *   `whileDown`: run while a killed instance is down (the negative control deletes the store there)
 */
export async function inject(fault, rig, hooks) {
  const instance = rig.instances[fault.target];
  switch (fault.kind) {
    case 'kill9':
    case 'sigterm': {
      rig.down(fault.target);
      await instance?.signal(fault.kind === 'kill9' ? 'SIGKILL' : 'SIGTERM');
      if (fault.kind === 'kill9') await hooks.whileDown?.();
      await sleep(fault.downMs);
      hooks.restarted(fault.target, await rig.restart(fault.target));
      return;
    }
    case 'redisRestart': {
      const redis = /** @type {NonNullable<typeof rig.redis>} */ (rig.redis);
      await redis.signal('SIGTERM'); // it writes its append-only file and exits
      await sleep(fault.downMs);
      await redis.start();
      return;
    }
    case 'redisStall': {
      const redis = /** @type {NonNullable<typeof rig.redis>} */ (rig.redis);
      redis.pause();
      try {
        await sleep(fault.stallMs);
      } finally {
        redis.resume();
      }
      return;
    }
    case 'pubsubKill':
      await /** @type {NonNullable<typeof rig.redis>} */ (rig.redis).command('CLIENT', 'KILL', 'TYPE', 'pubsub');
      return;
  }
}

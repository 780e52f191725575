// A small seeded PRNG (mulberry32): the same seed gives the same fault schedule, so a soak
// that found something can be run again with the seed it printed.

/**
 * @param {number} seed any integer
 * @returns {{ next(): number, between(min: number, max: number): number, int(min: number, max: number): number,
 *   pick<T>(weighted: [T, number][]): T }}
 */
export function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** A float in [min, max). */
    between: (min, max) => min + (max - min) * next(),
    /** An integer in [min, max]. */
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    /** One of the choices, each as likely as its weight. */
    pick(weighted) {
      const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
      let at = next() * total;
      for (const [choice, weight] of weighted) {
        at -= weight;
        if (at < 0) return choice;
      }
      return /** @type {[any, number]} */ (weighted[weighted.length - 1])[0];
    },
  };
}

// The soak's command line: --minutes N --seed S --mode cluster|embedded, and the rest below.
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run soak -- [--minutes N] [--seed S] [--mode cluster|embedded]
  [--negative-control] [--min-cycles N] [--write-every-ms N] [--out FILE]`;

/**
 * @returns {{ minutes: number, seed: number, mode: 'cluster' | 'embedded', negativeControl: boolean,
 *   minCycles: number, writeEveryMs: number, out: string | undefined }}
 */
export function soakArgs(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '2' },
      seed: { type: 'string' },
      mode: { type: 'string', default: 'cluster' },
      'negative-control': { type: 'boolean', default: false },
      'min-cycles': { type: 'string', default: '0' },
      'write-every-ms': { type: 'string', default: '250' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name, value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, not ${value}\n${USAGE}`);
    return n;
  };
  if (values.mode !== 'cluster' && values.mode !== 'embedded')
    throw new Error(`--mode must be cluster or embedded, not ${values.mode}\n${USAGE}`);
  return {
    minutes: number('minutes', values.minutes),
    // without --seed, one from the clock (printed and in the report, to run it again)
    seed: values.seed === undefined ? Date.now() % 2 ** 31 : Math.trunc(number('seed', values.seed)),
    mode: values.mode,
    negativeControl: Boolean(values['negative-control']),
    minCycles: number('min-cycles', values['min-cycles']),
    writeEveryMs: Math.max(20, number('write-every-ms', values['write-every-ms'])),
    out: values.out,
  };
}

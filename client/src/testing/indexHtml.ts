import { readFileSync } from 'node:fs';

/** The source of index.html's inline script that contains `marker`, for a test to run. */
export function inlineScript(marker: string): string {
  const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
  const script = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)]
    .map((match) => match[1] ?? '')
    .find((source) => source.includes(marker));
  if (script === undefined) throw new Error(`index.html has no inline script with ${marker}`);
  return script;
}

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/server';

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [join(ROOT, 'server/dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: '/tmp/archboard-config-test', ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });

describe('configuration', () => {
  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['MAX_MESSAGE_BYTES', '12'],
    ['AUTH_SECRET', 'too-short'],
    ['LOG_LEVEL', 'chatty'],
    ['SQLITE_SYNCHRONOUS', 'sometimes'],
  ])('refuses to start with a bad %s and names it', (name, value) => {
    const result = run({ [name]: value });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${name}=`);
    expect(result.stdout).not.toContain('listening');
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The token signing secret: AUTH_SECRET when set, otherwise a random one generated on
 * first start and kept in DATA_DIR, so tokens stay valid across restarts. Instances
 * that share boards must share the secret (set AUTH_SECRET for them).
 */
export function loadSecret(authSecret: string | undefined, dataDir: string): Uint8Array {
  if (authSecret) return new TextEncoder().encode(authSecret);
  const file = join(dataDir, 'auth-secret');
  try {
    return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const secret = randomBytes(32).toString('hex');
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // another process sharing DATA_DIR wrote it first: use theirs
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
    throw e;
  }
  return new TextEncoder().encode(secret);
}

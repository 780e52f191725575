import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from './SqliteStore';
import { storeContract } from './storeContract';

storeContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'archboard-sqlite-'));
  const file = join(dir, 'test.sqlite');
  return {
    store: new SqliteStore(file, { synchronous: 'full' }),
    reopen: async () => new SqliteStore(file, { synchronous: 'full' }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/server';

describe('the README picture', () => {
  it('DOC-1 docs/architecture.png is the current 2x PNG export of infra/architecture.json, and the README shows it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'archboard-readme-')), 'architecture.png');
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'server/dist/export-cli.js'), 'infra/architecture.json', '--scale', '2', '--out', out],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, INIT_CWD: ROOT } },
    );
    expect(run.status, run.stderr).toBe(0);
    const current = readFileSync(out);
    const committed = readFileSync(join(ROOT, 'docs/architecture.png'));
    // Regenerate with: npm run export -- infra/architecture.json --scale 2 --out docs/architecture.png
    expect(current.equals(committed), 'docs/architecture.png is stale: regenerate it (see the README)').toBe(true);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/architecture.png)');
  });
});

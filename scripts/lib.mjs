// Helpers for the root scripts. Only Node built-ins: these run before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PNPM = ['npx', '-y', 'pnpm@12.4.2'];

export function log(message) {
  process.stdout.write(`\x1b[36m[archboard]\x1b[0m ${message}\n`);
}

/** Runs a command in the repository root, inheriting the terminal; exits on failure. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    log(`failed: ${[cmd, ...args].join(' ')} (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

export function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    log(`Node ${process.versions.node} is too old: Archboard needs Node 20 or later.`);
    process.exit(1);
  }
}

/** Installs the workspace when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = `${ROOT}/node_modules/.modules.yaml`;
  const lock = `${ROOT}/pnpm-lock.yaml`;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (pnpm, from the lockfile)…');
  run(PNPM[0], [...PNPM.slice(1), 'install', '--frozen-lockfile']);
}

/** Builds the server bundle and the client, the client's text files precompressed (brotli and gzip). */
export function build() {
  log('building server and client…');
  run(process.execPath, ['server/build.mjs']);
  run(process.execPath, [`${ROOT}/client/node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], {
    cwd: `${ROOT}/client`,
  });
  const { files, raw, br } = precompress(join(ROOT, 'client/dist'));
  log(`precompressed ${files} client files: ${Math.round(raw / 1024)} kB → ${Math.round(br / 1024)} kB with brotli`);
}

/** The newest modification time of the files under `dir`, node_modules and dist excepted. */
export function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds the server bundles when one is missing or older than their sources (server/, shared/). */
export function buildServerIfStale() {
  const bundles = ['main.js', 'exportProcess.js', 'pngWorker.js', 'export-cli.js'].map((file) =>
    join(ROOT, 'server/dist', file),
  );
  const sources = Math.max(newest(join(ROOT, 'server')), newest(join(ROOT, 'shared')));
  if (bundles.some((bundle) => !existsSync(bundle) || statSync(bundle).mtimeMs < sources)) {
    log('building the server…');
    run(process.execPath, ['server/build.mjs']);
  }
}

/**
 * Makes sure a system program is present: installs its Debian package with apt-get when
 * running as root on Debian, otherwise stops with the exact command to run.
 */
export function ensureSystemPackage(program, pkg) {
  // nginx lives in /usr/sbin, which a non-root PATH may lack
  const lookup = `command -v ${program} || command -v /usr/sbin/${program}`;
  const found = spawnSync('sh', ['-c', lookup], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  const command = `apt-get update && apt-get install -y ${pkg}`;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    log(`${program} is missing. Install it, then run the tests again:\n    sudo sh -c '${command}'`);
    process.exit(1);
  }
  log(`${program} is missing: installing ${pkg} with apt-get…`);
  // Debian starts packaged services on install where it can; we start our own, on loopback ports
  const policy = '/usr/sbin/policy-rc.d';
  const blockStart = !existsSync(policy);
  if (blockStart) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    run('sh', ['-c', command], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } finally {
    if (blockStart) rmSync(policy, { force: true });
  }
  return spawnSync('sh', ['-c', lookup], { encoding: 'utf8' }).stdout.trim();
}

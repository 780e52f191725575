import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The system Chromium; playwright-core never downloads a browser, and neither may any
 * test. `CHROMIUM_PATH` points elsewhere when a machine keeps it in another place.
 */
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet, headless, sandbox-less Chromium in CI containers. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(EXECUTABLE)) throw new Error(`no Chromium at ${EXECUTABLE}: install it or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS, headless: true });
}

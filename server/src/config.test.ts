import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.MAX_MESSAGE_BYTES).toBe(2 * 1024 * 1024);
    expect(config.AUTH_SECRET).toBeUndefined();
  });

  it('has the size limits of the README by default (one board or one client must not hurt the rest)', () => {
    expect(loadConfig({})).toMatchObject({
      MAX_UPDATE_BYTES: 512 * 1024,
      MAX_BYTES_PER_SECOND: 2 * 1024 * 1024,
      MAX_BOARD_BYTES: 16 * 1024 * 1024,
      MAX_LOADED_BOARDS: 2000,
    });
    expect(() => loadConfig({ MAX_BOARD_BYTES: '1000' })).toThrow(/MAX_BOARD_BYTES="1000"/);
  });

  it('the README documents every variable, and no other, in its Configuration table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? '';
    const rows = [...table.matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('removes unopened boards after 7 days by default, 0 for never, in hours with fractions (a test sets seconds)', () => {
    expect(loadConfig({})).toMatchObject({ UNOPENED_BOARD_MAX_AGE_HOURS: 168, UNOPENED_BOARD_SWEEP_MS: 3600_000 });
    expect(loadConfig({ UNOPENED_BOARD_MAX_AGE_HOURS: '0' }).UNOPENED_BOARD_MAX_AGE_HOURS).toBe(0);
    expect(loadConfig({ UNOPENED_BOARD_MAX_AGE_HOURS: '0.5' }).UNOPENED_BOARD_MAX_AGE_HOURS).toBe(0.5);
    expect(() => loadConfig({ UNOPENED_BOARD_MAX_AGE_HOURS: '-1' })).toThrow(/UNOPENED_BOARD_MAX_AGE_HOURS="-1"/);
    expect(() => loadConfig({ UNOPENED_BOARD_SWEEP_MS: '10' })).toThrow(/UNOPENED_BOARD_SWEEP_MS="10"/);
  });

  it('treats empty variables as unset and coerces numbers', () => {
    expect(loadConfig({ PORT: '', ROOM_IDLE_MS: '250' })).toMatchObject({ PORT: 8080, ROOM_IDLE_MS: 250 });
  });

  it('names every bad variable with its value', () => {
    expect(() => loadConfig({ PORT: '-1', COMPACT_EVERY: 'lots' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '-1', COMPACT_EVERY: 'lots' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT="-1"/);
      expect((e as Error).message).toMatch(/COMPACT_EVERY="lots"/);
    }
  });
});

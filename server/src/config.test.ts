import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

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

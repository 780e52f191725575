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

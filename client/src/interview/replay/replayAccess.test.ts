import { describe, expect, it } from 'vitest';
import { end, newSession, start } from '@archboard/shared';
import { replayAllowed } from './replayAccess';

describe('who may watch the replay', () => {
  const running = start(newSession(), 1_000);
  const ended = end(running, 2_000);
  const shared = { ...ended, replayShared: true };

  it('RA-1 the host, once the session began; nobody on a board that is not an interview', () => {
    expect(replayAllowed('host', newSession())).toBe(false);
    expect(replayAllowed('host', running)).toBe(true);
    expect(replayAllowed('host', ended)).toBe(true);
    expect(replayAllowed('host', undefined)).toBe(false);
  });

  it('RA-2 the other links only after the session, once the host shared it', () => {
    for (const role of ['owner', 'edit', 'view'] as const) {
      expect(replayAllowed(role, running)).toBe(false);
      expect(replayAllowed(role, { ...running, replayShared: true })).toBe(false);
      expect(replayAllowed(role, ended)).toBe(false);
      expect(replayAllowed(role, shared)).toBe(true);
    }
  });
});

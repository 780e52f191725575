import { describe, expect, it } from 'vitest';
import { CLOSE } from '@archboard/shared';
import { describeBoardError, errorForClose } from './boardError';

describe('a link that expires while open (LINK-EXP)', () => {
  const now = Date.UTC(2030, 0, 1);

  it('LINK-EXP-5 a 4401 on a link at or past its exp is told as expiry; otherwise as a bad link', () => {
    const code = CLOSE.unauthorized.code;
    const reason = CLOSE.unauthorized.reason;
    expect(errorForClose(code, reason, now - 1000, now)).toEqual({ code: 'link-expired' });
    // this clock a little behind the server's, which closed the socket at exp by its own
    expect(errorForClose(code, reason, now + 20_000, now)).toEqual({ code: 'link-expired' });
    expect(errorForClose(code, reason, now + 3 * 3600_000, now)).toEqual({ code: 'invalid-link' });
    expect(errorForClose(code, reason, undefined, now)).toEqual({ code: 'invalid-link' });
    expect(describeBoardError({ code: 'link-expired' }).title).toBe('This link has expired');
  });
});

import { describe, expect, it } from 'vitest';
import type { Role } from '@archboard/shared';
import type { RecentBoard } from '../recentBoards';
import { shareTokens } from './shareTokens';

/** A token with these claims; unsigned, as `peekClaims` only reads them. */
const token = (role: Role): string =>
  ['eyJhbGciOiJIUzI1NiJ9', Buffer.from(JSON.stringify({ sub: 'b', role })).toString('base64url'), 'sig'].join('.');

const recent: RecentBoard = { id: 'b', title: 'B', lastOpened: 1, editToken: token('edit'), viewToken: token('view') };

describe('shareTokens', () => {
  it('puts the creator’s link in the owner’s place, an interview host’s as well', () => {
    for (const role of ['owner', 'host'] as const)
      expect(shareTokens(role, token(role), recent)).toEqual({
        owner: token(role),
        edit: token('edit'),
        view: token('view'),
      });
  });

  it('gives an editor no owner link and a viewer nothing to hand on', () => {
    expect(shareTokens('edit', token('edit'), recent)).toEqual({ edit: token('edit'), view: token('view') });
    expect(shareTokens('view', token('view'), recent)).toEqual({ view: token('view') });
  });
});

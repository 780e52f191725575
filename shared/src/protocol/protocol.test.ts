/// <reference types="node" />
import { describe, expect, test } from 'vitest';
import { can, peekClaims, ROLE_RIGHTS, ROLES } from './access';
import { CLOSE, FINAL_CLOSE_CODES } from './closeCodes';
import { DEFAULT_LIMITS, MESSAGE, READ_ONLY_REASON, SYNC, WS_PATH_PREFIX } from './messages';

const b64url = (value: string) => Buffer.from(value).toString('base64url');
const token = (claims: unknown) => `${b64url('{"alg":"HS256"}')}.${b64url(JSON.stringify(claims))}.signature`;

describe('close codes (PROTO-1)', () => {
  test('PROTO-1 the codes of ARCHITECTURE.md', () => {
    expect(CLOSE.badRequest.code).toBe(4400);
    expect(CLOSE.unauthorized.code).toBe(4401);
    expect(CLOSE.forbidden.code).toBe(4403);
    expect(CLOSE.boardDeleted.code).toBe(4404);
    expect(CLOSE.signInRequired).toEqual({ code: 4407, reason: 'sign in to open this board' });
    expect(CLOSE.linkRevoked).toEqual({ code: 4410, reason: 'this link was reset' });
    expect(CLOSE.boardFull).toEqual({ code: 4411, reason: 'this board is full' });
    expect(CLOSE.tooLarge.code).toBe(4413);
    expect(CLOSE.tooMany.code).toBe(4429);
    expect(CLOSE.busy).toEqual({ code: 4513, reason: 'server busy, retry shortly' });
    expect(CLOSE.goingAway.code).toBe(1001);
    expect(CLOSE.internal.code).toBe(1011);
  });

  test('PROTO-1 codes are unique, each with a reason a close frame can carry', () => {
    const entries = Object.values(CLOSE);
    expect(new Set(entries.map((c) => c.code)).size).toBe(entries.length);
    for (const { code, reason } of entries) {
      expect(code === 1001 || code === 1011 || (code >= 4000 && code <= 4999), String(code)).toBe(true);
      expect(reason.length).toBeGreaterThan(0);
      expect(new TextEncoder().encode(reason).length).toBeLessThanOrEqual(123); // RFC 6455 limit
    }
  });

  test('PROTO-1 only auth and malformed requests are final; the rest reconnect', () => {
    expect([...FINAL_CLOSE_CODES].sort()).toEqual([4400, 4401, 4403, 4404, 4406, 4407, 4410, 4411, 4413]);
    for (const transient of [CLOSE.goingAway, CLOSE.internal, CLOSE.tooMany, CLOSE.slowConsumer, CLOSE.busy]) {
      expect(FINAL_CLOSE_CODES).not.toContain(transient.code);
    }
  });
});

describe('messages (PROTO-2)', () => {
  test('PROTO-2 y-websocket message types and y-protocols sync steps', () => {
    expect(MESSAGE).toEqual({ sync: 0, awareness: 1, auth: 2, queryAwareness: 3 });
    expect(SYNC).toEqual({ step1: 0, step2: 1, update: 2 });
    expect(WS_PATH_PREFIX).toBe('/ws/');
    expect(READ_ONLY_REASON.length).toBeGreaterThan(0);
  });

  test('PROTO-2 default limits are positive', () => {
    for (const [name, limit] of Object.entries(DEFAULT_LIMITS)) {
      expect(Number.isInteger(limit) && limit > 0, name).toBe(true);
    }
  });
});

describe('peekClaims (PROTO-3)', () => {
  test('PROTO-3 reads the claims of a JWT-shaped token', () => {
    expect(peekClaims(token({ sub: 'board-1', role: 'edit', exp: 1, iat: 0 }))).toEqual({
      sub: 'board-1',
      role: 'edit',
      exp: 1,
    });
    expect(peekClaims(token({ sub: 'b', role: 'view' }))).toEqual({ sub: 'b', role: 'view' });
    expect(peekClaims(token({ sub: 'b', role: 'owner', gen: 3 }))).toEqual({ sub: 'b', role: 'owner', gen: 3 });
  });

  test('PROTO-3 decodes base64url payloads (the - and _ alphabet)', () => {
    // '??>' encodes to '-' and '_' in base64url
    const claims = { sub: '??>??>', role: 'view' };
    expect(b64url(JSON.stringify(claims))).toMatch(/[-_]/);
    expect(peekClaims(token(claims))).toEqual(claims);
  });

  test.each([
    ['an empty string', ''],
    ['no dots', 'abc'],
    ['an empty payload', 'a..c'],
    ['a payload that is not base64', 'a.!!!.c'],
    ['a payload that is not JSON', `a.${b64url('not json')}.c`],
    ['an unknown role', token({ sub: 'b', role: 'admin' })],
    ['no subject', token({ role: 'edit' })],
    ['a negative generation', token({ sub: 'b', role: 'edit', gen: -1 })],
    ['a generation that is not a whole number', token({ sub: 'b', role: 'edit', gen: '2' })],
    ['a JSON array', token([1, 2])],
    ['JSON null', token(null)],
  ])('PROTO-3 %s gives no claims and does not throw', (_what, raw) => {
    expect(peekClaims(raw)).toBeUndefined();
  });
});

describe('roles (PROTO-4)', () => {
  test('PROTO-4 one table: host, owner, edit and view, strongest first', () => {
    expect(ROLES).toEqual(['host', 'owner', 'edit', 'view']);
    expect(Object.keys(ROLE_RIGHTS)).toEqual(ROLES);
  });

  test('PROTO-4 the host, the owner and editors write, only the host and the owner manage links, only viewers cannot share, only the host runs an interview', () => {
    expect(ROLES.filter((r) => can(r, 'write'))).toEqual(['host', 'owner', 'edit']);
    expect(ROLES.filter((r) => can(r, 'share'))).toEqual(['host', 'owner', 'edit']);
    expect(ROLES.filter((r) => can(r, 'manage'))).toEqual(['host', 'owner']);
    expect(ROLES.filter((r) => can(r, 'interview'))).toEqual(['host']);
  });

  test('PROTO-4 every role has every right, stated as true or false', () => {
    const rights = Object.keys(ROLE_RIGHTS.owner).sort();
    for (const role of ROLES) {
      expect(Object.keys(ROLE_RIGHTS[role]).sort(), role).toEqual(rights);
      for (const right of rights)
        expect(typeof ROLE_RIGHTS[role][right as 'write'], `${role}.${right}`).toBe('boolean');
    }
  });
});

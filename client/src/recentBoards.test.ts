import { describe, expect, it } from 'vitest';
import type { Role } from '@archboard/shared';
import { findRecentBoard, loadRecentBoards, rememberBoard, type BoardListStorage } from './recentBoards';

/** A Storage holding strings in a Map: the tests run in Node, which has no localStorage. */
function memoryStorage(): BoardListStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

/** A token with these claims; unsigned, as `peekClaims` only reads them (the server checks signatures). */
const token = (sub: string, role: Role, salt = ''): string =>
  ['eyJhbGciOiJIUzI1NiJ9', Buffer.from(JSON.stringify({ sub, role, salt })).toString('base64url'), 'sig'].join('.');

const edit = (value: string) => ({ token: { role: 'edit' as const, value }, touch: true });
const view = (value: string) => ({ token: { role: 'view' as const, value }, touch: true });

describe('rememberBoard (bug 2: the way back to a board)', () => {
  it('keeps the creator’s edit and view links', () => {
    const storage = memoryStorage();
    rememberBoard('a', { title: 'Shop', ...edit(token('a', 'edit')) }, storage);
    rememberBoard('a', view(token('a', 'view')), storage);
    expect(findRecentBoard('a', storage)).toMatchObject({
      title: 'Shop',
      editToken: token('a', 'edit'),
      viewToken: token('a', 'view'),
    });
  });

  it('does not remember another board’s token, edit or view, nor touch the entry', () => {
    const storage = memoryStorage();
    rememberBoard('a', { title: 'Shop', ...edit(token('a', 'edit')) }, storage);
    rememberBoard('a', view(token('a', 'view')), storage);
    const before = storage.data.get('archboard:recent-boards');
    rememberBoard('a', edit(token('b', 'edit')), storage);
    rememberBoard('a', view(token('b', 'view')), storage);
    expect(storage.data.get('archboard:recent-boards')).toBe(before);
    expect(findRecentBoard('a', storage)).toMatchObject({
      editToken: token('a', 'edit'),
      viewToken: token('a', 'view'),
    });
    // nor adds a board it was never opened with its own token
    rememberBoard('c', edit(token('b', 'edit')), storage);
    expect(findRecentBoard('c', storage)).toBeUndefined();
  });

  it('never puts a view token in place of the edit token, even when the caller says edit', () => {
    const storage = memoryStorage();
    rememberBoard('a', edit(token('a', 'edit')), storage);
    rememberBoard('a', view(token('a', 'view', 'another view link')), storage);
    rememberBoard('a', edit(token('a', 'view', 'claims view')), storage);
    expect(findRecentBoard('a', storage)).toMatchObject({
      editToken: token('a', 'edit'),
      viewToken: token('a', 'view', 'another view link'),
    });
  });

  it('lets a different edit token of the same board replace the remembered one', () => {
    const storage = memoryStorage();
    rememberBoard('a', edit(token('a', 'edit', 'first')), storage);
    rememberBoard('a', edit(token('a', 'edit', 'second')), storage);
    expect(findRecentBoard('a', storage)?.editToken).toBe(token('a', 'edit', 'second'));
  });

  it('ignores tokens that are not tokens at all', () => {
    const storage = memoryStorage();
    rememberBoard('a', edit(token('a', 'edit')), storage);
    for (const junk of ['', 'garbage', 'a.b.c', `x.${Buffer.from('{"sub":"a"}').toString('base64url')}.y`]) {
      rememberBoard('a', edit(junk), storage);
      rememberBoard('a', view(junk), storage);
    }
    expect(findRecentBoard('a', storage)).toMatchObject({ editToken: token('a', 'edit') });
    expect(findRecentBoard('a', storage)?.viewToken).toBeUndefined();
  });

  it('reads a list stored by the old code without the tokens that are not its boards’', () => {
    const storage = memoryStorage();
    const stored = [
      { id: 'a', title: 'A', editToken: token('b', 'edit'), viewToken: token('a', 'view'), lastOpened: 2 },
      { id: 'b', title: 'B', editToken: token('b', 'edit'), viewToken: token('b', 'edit'), lastOpened: 1 },
    ];
    storage.setItem('archboard:recent-boards', JSON.stringify(stored));
    expect(loadRecentBoards(storage)).toEqual([
      { id: 'a', title: 'A', viewToken: token('a', 'view'), lastOpened: 2 },
      { id: 'b', title: 'B', editToken: token('b', 'edit'), lastOpened: 1 },
    ]);
  });

  it('keeps the owner link in a slot of its own', () => {
    const storage = memoryStorage();
    rememberBoard('a', { title: 'Mine', token: { role: 'owner', value: token('a', 'owner') }, touch: true }, storage);
    rememberBoard('a', edit(token('a', 'edit')), storage);
    rememberBoard('a', { token: { role: 'owner', value: token('a', 'edit', 'x') } }, storage); // claims edit: refused
    expect(findRecentBoard('a', storage)).toMatchObject({
      ownerToken: token('a', 'owner'),
      editToken: token('a', 'edit'),
    });
  });

  it('forgets the tokens of older link generations when one of a newer generation is remembered (a reset)', () => {
    const storage = memoryStorage();
    const claims = (role: Role, gen: number) =>
      Buffer.from(JSON.stringify({ sub: 'a', role, gen })).toString('base64url');
    const of = (role: Role, gen: number) => ['eyJhbGciOiJIUzI1NiJ9', claims(role, gen), 's'].join('.');
    rememberBoard('a', { title: 'Reset', token: { role: 'owner', value: token('a', 'owner') } }, storage);
    rememberBoard('a', edit(token('a', 'edit')), storage);
    rememberBoard('a', view(token('a', 'view')), storage);
    rememberBoard('a', { token: { role: 'owner', value: of('owner', 1) } }, storage);
    expect(findRecentBoard('a', storage)).toEqual(expect.objectContaining({ ownerToken: of('owner', 1) }));
    expect(findRecentBoard('a', storage)).not.toHaveProperty('editToken');
    expect(findRecentBoard('a', storage)).not.toHaveProperty('viewToken');
    rememberBoard('a', edit(of('edit', 1)), storage);
    rememberBoard('a', view(token('a', 'view')), storage); // an older one is still taken: the server says if it works
    expect(findRecentBoard('a', storage)).toMatchObject({ ownerToken: of('owner', 1), editToken: of('edit', 1) });
  });
});

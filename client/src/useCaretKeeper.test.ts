import { describe, expect, it } from 'vitest';
import { mapIndex } from './useCaretKeeper';

describe('mapIndex', () => {
  it('keeps a caret before a remote insertion and shifts one after it', () => {
    expect(mapIndex('hello world', 'hello big world', 3)).toBe(3);
    expect(mapIndex('hello world', 'hello big world', 8)).toBe(12);
  });

  it('follows deletions and lands a caret inside a replaced span at its end', () => {
    expect(mapIndex('hello big world', 'hello world', 14)).toBe(10);
    expect(mapIndex('abcdef', 'abXYef', 3)).toBe(4);
  });
});

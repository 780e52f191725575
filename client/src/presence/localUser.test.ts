import { describe, expect, it } from 'vitest';
import { initials } from './localUser';

describe('initials', () => {
  it('takes the first letter of the first two words, skipping punctuation', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('Ines (interviewer)')).toBe('II');
    expect(initials('  zoë  ')).toBe('Z');
    expect(initials('— 42 ants')).toBe('4A');
    expect(initials('()')).toBe('?');
  });
});

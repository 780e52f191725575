import { describe, expect, it } from 'vitest';
import { colorToMoveTo } from './distinctColor';
import { USER_COLORS } from './localUser';

const [orange, green, blue] = USER_COLORS as [string, string, string, ...string[]];
const me = { name: 'Swift Otter', color: orange };
const person = (clientId: number, name: string, color: string) => ({ clientId, name, color });

describe('colorToMoveTo', () => {
  it('moves an unpicked colour that someone else has to one nobody has', () => {
    const others = [person(1, 'Calm Panda', orange), person(2, 'Bold Lynx', green)];
    const to = colorToMoveTo(me, false, others);
    expect(to).toBeDefined();
    expect([orange, green]).not.toContain(to);
    expect(USER_COLORS).toContain(to);
    // Any of the free ones, at random.
    expect(colorToMoveTo(me, false, others, () => 0)).toBe(blue);
    expect(colorToMoveTo(me, false, others, () => 0.999)).toBe(USER_COLORS.at(-1));
  });

  it('keeps a colour nobody else has, a picked colour, and this person’s own in another tab', () => {
    expect(colorToMoveTo(me, false, [person(1, 'Calm Panda', green)])).toBeUndefined();
    expect(colorToMoveTo(me, true, [person(1, 'Calm Panda', orange)])).toBeUndefined();
    expect(colorToMoveTo(me, false, [person(1, me.name, orange)])).toBeUndefined();
    expect(colorToMoveTo(me, false, [])).toBeUndefined();
  });

  it('keeps it when every colour is taken', () => {
    const others = USER_COLORS.map((color, i) => person(i, `Person ${i}`, color));
    expect(colorToMoveTo(me, false, others)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { LinkGate } from './LinkGate';

describe('LinkGate', () => {
  it('admits every generation until it hears of a reset, then refuses the older ones', () => {
    const gate = new LinkGate();
    expect(gate.refusal(0)).toBeUndefined();
    expect(gate.apply({ type: 'reset', generation: 2 })).toBe(true);
    expect(gate.refusal(0)).toBe('linkRevoked');
    expect(gate.refusal(1)).toBe('linkRevoked');
    expect(gate.refusal(2)).toBeUndefined();
  });

  it('ignores a change it already knows or an older one (echoes, the periodic check)', () => {
    const gate = new LinkGate();
    gate.apply({ type: 'reset', generation: 3 });
    expect(gate.apply({ type: 'reset', generation: 3 })).toBe(false);
    expect(gate.apply({ type: 'reset', generation: 1 })).toBe(false);
    expect(gate.refusal(2)).toBe('linkRevoked');
    expect(gate.refusal(3)).toBeUndefined();
  });

  it('refuses everyone once the board is deleted, for good', () => {
    const gate = new LinkGate();
    expect(gate.apply({ type: 'deleted' })).toBe(true);
    expect(gate.deleted).toBe(true);
    expect(gate.refusal(0)).toBe('boardDeleted');
    expect(gate.refusal(99)).toBe('boardDeleted');
    expect(gate.apply({ type: 'deleted' })).toBe(false);
    expect(gate.apply({ type: 'reset', generation: 100 })).toBe(false);
    expect(gate.refusal(100)).toBe('boardDeleted');
  });
});

import { describe, expect, it } from 'vitest';
import type { Summon } from './followState';
import { SummonLedger } from './SummonLedger';

const at = (id: string): Summon => ({ id, viewport: { x: 0, y: 0, zoom: 1, w: 800, h: 600 } });

describe('answering each summon once', () => {
  it('answers a summon made while the sender was already seen, once', () => {
    const ledger = new SummonLedger();
    expect(ledger.see(1, null)).toBe(false);
    expect(ledger.see(1, at('s1'))).toBe(true);
    // The same summon seen again (the sender's cursor moved): not again.
    expect(ledger.see(1, at('s1'))).toBe(false);
    expect(ledger.see(1, at('s2'))).toBe(true);
    expect(ledger.see(1, null)).toBe(false);
  });

  it('does not answer a summon that was out there before this page saw its sender', () => {
    const ledger = new SummonLedger();
    // This page joins: someone summoned earlier.
    expect(ledger.see(1, at('old'))).toBe(false);
    expect(ledger.see(1, at('old'))).toBe(false);
    // Someone else arrives later carrying an old summon of theirs.
    expect(ledger.see(2, at('theirs'))).toBe(false);
    // A new one from the first sender is answered.
    expect(ledger.see(1, at('new'))).toBe(true);
  });

  it('treats a sender who left and came back (a lost connection) as new', () => {
    const ledger = new SummonLedger();
    ledger.see(1, null);
    ledger.forget(1);
    expect(ledger.see(1, at('while-away'))).toBe(false);
    expect(ledger.see(1, at('after'))).toBe(true);
  });
});

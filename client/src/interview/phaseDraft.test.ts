import { describe, expect, it } from 'vitest';
import { DEFAULT_PHASES } from '@archboard/shared';
import { addRow, defaultDraft, draftOf, MAX_PHASES, parseDraft, removeRow, totalMinutes } from './phaseDraft';

describe('the phase editor’s draft', () => {
  it('reads back the phases it was made from', () => {
    expect(parseDraft(draftOf(DEFAULT_PHASES))).toEqual({ ok: true, phases: DEFAULT_PHASES });
    expect(totalMinutes(DEFAULT_PHASES)).toBe(45);
  });

  it('trims names and reads the minutes as numbers', () => {
    const draft = [{ key: 1, name: '  Intro ', minutes: ' 3 ' }];
    expect(parseDraft(draft)).toEqual({ ok: true, phases: [{ name: 'Intro', minutes: 3 }] });
  });

  it('says which rows are wrong and why', () => {
    const draft = [
      { key: 1, name: '', minutes: '5' },
      { key: 2, name: 'Design', minutes: '0' },
      { key: 3, name: 'Deep dive', minutes: '2.5' },
      { key: 4, name: 'Wrap-up', minutes: '' },
    ];
    expect(parseDraft(draft)).toEqual({
      ok: false,
      errors: [
        'Phase 1 needs a name.',
        'Phase 2: minutes are a whole number from 1 to 180.',
        'Phase 3: minutes are a whole number from 1 to 180.',
        'Phase 4: minutes are a whole number from 1 to 180.',
      ],
    });
  });

  it('adds up to the maximum and keeps at least one phase', () => {
    let draft = defaultDraft();
    for (let i = 0; i < 20; i++) draft = addRow(draft);
    expect(draft).toHaveLength(MAX_PHASES);
    expect(new Set(draft.map((r) => r.key)).size).toBe(MAX_PHASES);
    for (const r of [...draft]) draft = removeRow(draft, r.key);
    expect(draft).toHaveLength(1);
  });
});

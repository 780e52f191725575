import { phaseSchema, DEFAULT_PHASES, type Phase } from '@archboard/shared';

/** One row of the phase editor as typed: the minutes stay text until saved. */
export interface DraftRow {
  /** A React key that survives removing the rows above it. */
  key: number;
  name: string;
  minutes: string;
}

export const MAX_PHASES = 12;

let nextKey = 0;
const row = (name: string, minutes: string): DraftRow => ({ key: nextKey++, name, minutes });

export const draftOf = (phases: readonly Phase[]): DraftRow[] => phases.map((p) => row(p.name, String(p.minutes)));

export const defaultDraft = (): DraftRow[] => draftOf(DEFAULT_PHASES);

/** The draft with one more phase at the end (none past MAX_PHASES). */
export const addRow = (draft: DraftRow[]): DraftRow[] =>
  draft.length >= MAX_PHASES ? draft : [...draft, row(`Phase ${draft.length + 1}`, '5')];

/** The draft without row `key` (the last phase stays). */
export const removeRow = (draft: DraftRow[], key: number): DraftRow[] =>
  draft.length <= 1 ? draft : draft.filter((r) => r.key !== key);

export type ParsedDraft = { ok: true; phases: Phase[] } | { ok: false; errors: string[] };

/** The phases the draft describes, or what is wrong with it, row by row. */
export function parseDraft(draft: readonly DraftRow[]): ParsedDraft {
  const errors: string[] = [];
  const phases: Phase[] = [];
  draft.forEach((r, i) => {
    const minutes = r.minutes.trim() === '' ? NaN : Number(r.minutes);
    const parsed = phaseSchema.safeParse({ name: r.name, minutes });
    if (parsed.success) phases.push(parsed.data);
    else if (r.name.trim() === '') errors.push(`Phase ${i + 1} needs a name.`);
    else if (r.name.trim().length > 60) errors.push(`Phase ${i + 1}: a name has at most 60 characters.`);
    else errors.push(`Phase ${i + 1}: minutes are a whole number from 1 to 180.`);
  });
  if (draft.length === 0) errors.push('An interview needs at least one phase.');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, phases };
}

export const totalMinutes = (phases: readonly Phase[]): number => phases.reduce((sum, p) => sum + p.minutes, 0);

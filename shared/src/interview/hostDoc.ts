import type * as Y from 'yjs';
import { z } from 'zod';

/**
 * The host's private document of an interview board, `<board>~host` (see hostDocName):
 * notes and a scorecard the candidate never sees. Only a token with the `interview` right
 * opens it; any other gets 4403 before a byte of it is sent.
 *
 * | root        | value                                                            |
 * | `notes`     | Y.Array of `{ id, at, text }` plain values (`at`: server time, ms) |
 * | `scorecard` | Y.Map: area → `{ rating, comment }`; `recommendation` → one of RECOMMENDATIONS |
 */
export const SCORECARD_AREAS = [
  { id: 'requirements', label: 'Requirements' },
  { id: 'estimation', label: 'Estimation' },
  { id: 'design', label: 'Design' },
  { id: 'tradeoffs', label: 'Trade-offs' },
  { id: 'communication', label: 'Communication' },
] as const;
export type ScorecardArea = (typeof SCORECARD_AREAS)[number]['id'];

/** Ratings 1 to 4, with their words. */
export const RATINGS = ['Weak', 'Mixed', 'Good', 'Strong'] as const;

export const RECOMMENDATIONS = ['Strong no hire', 'No hire', 'Hire', 'Strong hire'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

const RECOMMENDATION_KEY = 'recommendation';

export const noteSchema = z.object({
  id: z.string().min(1).max(40),
  at: z.number().nonnegative(),
  text: z.string().max(4000),
});
export type Note = z.infer<typeof noteSchema>;

export const areaScoreSchema = z.object({
  rating: z.number().int().min(1).max(4).optional(),
  comment: z.string().max(4000),
});
export type AreaScore = z.infer<typeof areaScoreSchema>;

export interface Scorecard {
  areas: Partial<Record<ScorecardArea, AreaScore>>;
  recommendation?: Recommendation;
}

export interface HostNotes {
  notes: Note[];
  scorecard: Scorecard;
}

const notesOf = (doc: Y.Doc) => doc.getArray<unknown>('notes');
const scorecardOf = (doc: Y.Doc) => doc.getMap<unknown>('scorecard');

/** The notes (oldest first; values that do not parse are skipped) and the scorecard. */
export function readHostNotes(doc: Y.Doc): HostNotes {
  const notes = notesOf(doc)
    .toArray()
    .flatMap((value) => {
      const note = noteSchema.safeParse(value);
      return note.success ? [note.data] : [];
    })
    .sort((a, b) => a.at - b.at);
  const map = scorecardOf(doc);
  const areas: Scorecard['areas'] = {};
  for (const { id } of SCORECARD_AREAS) {
    const score = areaScoreSchema.safeParse(map.get(id));
    if (score.success) areas[id] = score.data;
  }
  const recommendation = z.enum(RECOMMENDATIONS).safeParse(map.get(RECOMMENDATION_KEY));
  return { notes, scorecard: { areas, ...(recommendation.success ? { recommendation: recommendation.data } : {}) } };
}

export function addNote(doc: Y.Doc, note: Note): void {
  notesOf(doc).push([noteSchema.parse(note)]);
}

/** Changes a note's text (its time stays: it is the note's place on the replay timeline). */
export function editNote(doc: Y.Doc, id: string, text: string): void {
  const array = notesOf(doc);
  doc.transact(() => {
    const index = array.toArray().findIndex((value) => noteSchema.safeParse(value).data?.id === id);
    if (index < 0) return;
    const note = noteSchema.parse(array.get(index));
    array.delete(index, 1);
    array.insert(index, [{ ...note, text: text.slice(0, 4000) }]);
  });
}

export function removeNote(doc: Y.Doc, id: string): void {
  const array = notesOf(doc);
  const index = array.toArray().findIndex((value) => noteSchema.safeParse(value).data?.id === id);
  if (index >= 0) array.delete(index, 1);
}

export function scoreArea(doc: Y.Doc, area: ScorecardArea, score: AreaScore): void {
  scorecardOf(doc).set(area, areaScoreSchema.parse(score));
}

export function recommend(doc: Y.Doc, recommendation: Recommendation | undefined): void {
  if (recommendation === undefined) scorecardOf(doc).delete(RECOMMENDATION_KEY);
  else scorecardOf(doc).set(RECOMMENDATION_KEY, recommendation);
}

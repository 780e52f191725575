import { z } from 'zod';

/** A design-review finding someone dismissed for the whole board (root `review`). */
export interface Dismissal {
  /** Why, in the dismisser's words; may be empty. */
  reason: string;
  /** The name the dismisser showed at the time. */
  by: string;
  /** When, in ms since the epoch. */
  at: number;
}

export const MAX_DISMISSAL_REASON = 500;

export const dismissalSchema = z.object({
  reason: z.string().max(MAX_DISMISSAL_REASON),
  by: z.string().max(200),
  at: z.number().finite(),
});

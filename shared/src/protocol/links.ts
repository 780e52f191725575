import { z } from 'zod';

/**
 * The lifetimes the Share menu offers for a view link, in seconds (`null`: it never
 * expires). `GET /api/boards/<id>/links?viewExpiresIn=<seconds>` takes any whole number of
 * seconds from 60 up to MAX_VIEW_LINK_SECONDS.
 */
export const VIEW_LINK_LIFETIMES = [
  { label: 'Never expires', seconds: null },
  { label: 'Expires in 1 day', seconds: 24 * 3600 },
  { label: 'Expires in 7 days', seconds: 7 * 24 * 3600 },
] as const;

export const MIN_VIEW_LINK_SECONDS = 60;
export const MAX_VIEW_LINK_SECONDS = 365 * 24 * 3600;

/**
 * `GET /api/boards/<id>/links`: the view token (with `viewExpiresAt`, milliseconds since
 * the epoch, when it expires), and for the owner the edit and owner tokens too, so an owner
 * on a new device, or the signed-in creator who came with an edit link, holds them all.
 */
export const linksAnswerSchema = z.object({
  viewToken: z.string(),
  viewExpiresAt: z.number().int().optional(),
  editToken: z.string().optional(),
  ownerToken: z.string().optional(),
});
export type LinksAnswer = z.infer<typeof linksAnswerSchema>;

/** `POST /api/boards/<id>/links/reset` (owner only): the board's new links; every older one stops working. */
export const resetLinksAnswerSchema = z.object({
  ownerToken: z.string(),
  editToken: z.string(),
  viewToken: z.string(),
});
export type ResetLinksAnswer = z.infer<typeof resetLinksAnswerSchema>;

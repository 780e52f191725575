import { z } from 'zod';

/**
 * Why a version of a board was kept. `auto`: after a few minutes of activity, or when the
 * last person left; `named`: "Save version"; `restore`: the board as it was just before
 * someone restored an older version (so a restore can be gone back on); `phase`: an
 * interview's board at a phase boundary (kept like `named`); `imported`: a board made from an
 * imported file, as the file made it (kept like `named`: where the board came from).
 */
export const SNAPSHOT_KINDS = ['auto', 'named', 'restore', 'phase', 'imported'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/**
 * One version of a board in its history: what the store keeps beside the state and what
 * `GET /api/boards/<id>/history` lists. Stores and the client read it through this schema.
 */
export const snapshotInfoSchema = z.object({
  /** Unique within the board; sorts by time. */
  id: z.string().min(1).max(64),
  /** Milliseconds since the epoch. */
  createdAt: z.number().int().nonnegative(),
  kind: z.enum(SNAPSHOT_KINDS),
  /** Given by a person for `named`, descriptive otherwise. */
  name: z.string().max(200),
  /** Names of the people who edited since the version before. */
  editors: z.array(z.string().max(64)).max(50),
  /** A hash of the board's content (its JSON export), to skip versions that change nothing. */
  hash: z.string().max(128),
  /** Size of the stored state in bytes. */
  bytes: z.number().int().nonnegative(),
  /** On an interview board: how many steps of its replay (archive entries) the version holds. */
  step: z.number().int().nonnegative().optional(),
});
export type SnapshotInfo = z.infer<typeof snapshotInfoSchema>;

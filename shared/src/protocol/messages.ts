import { z } from 'zod';

/** The y-websocket message types (first varint of every frame). */
export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;
export type MessageType = (typeof MESSAGE)[keyof typeof MESSAGE];

/** y-protocols sync sub-types. */
export const SYNC = { step1: 0, step2: 1, update: 2 } as const;

/** The reason sent with a permission-denied auth message to a view-only connection. */
export const READ_ONLY_REASON = 'read-only: this link can view the board but not change it';

/** Default limits; the server reads its own from configuration. */
export const DEFAULT_LIMITS = {
  maxMessageBytes: 2 * 1024 * 1024,
  maxMessagesPerSecond: 1000,
  maxQueuedBeforeLoad: 64,
  /** The largest single document update (sync step 2 or update) a connection may send; larger: 4413. */
  maxUpdateBytes: 512 * 1024,
  /** Bytes per second a connection may send, averaged over a few seconds; more: 4429. */
  maxBytesPerSecond: 2 * 1024 * 1024,
  /** The stored size of one board (its update log and snapshot as the store counts them); past it: 4411. */
  maxBoardBytes: 16 * 1024 * 1024,
} as const;

/**
 * What a connection may send, as the server is configured: `GET /api/limits`. The page
 * cuts and paces its updates to them (client/src/sync/uplink.ts); DEFAULT_LIMITS until
 * it knows.
 */
export const uploadLimitsSchema = z.object({
  maxUpdateBytes: z.number().int().positive(),
  maxBytesPerSecond: z.number().int().positive(),
});
export type UploadLimits = z.infer<typeof uploadLimitsSchema>;
export const LIMITS_PATH = '/api/limits';

/** The WebSocket path of a board: `/ws/<board>?token=…`. */
export const WS_PATH_PREFIX = '/ws/';

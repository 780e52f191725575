/**
 * Every WebSocket close code the server uses, in one table: name, code, reason, and
 * when. Clients treat 4401/4403/4400 as final (do not reconnect) and the rest as
 * transient.
 */
export const CLOSE = {
  /** The frame could not be decoded, had an unknown type, or the board id is malformed. */
  badRequest: { code: 4400, reason: 'bad request' },
  /** No token, or a token that is not valid (bad signature, wrong format). */
  unauthorized: { code: 4401, reason: 'missing or invalid token' },
  /** A valid token, but for another board. */
  forbidden: { code: 4403, reason: 'token not valid for this board' },
  /** A message larger than the configured maximum. */
  tooLarge: { code: 4413, reason: 'message too large' },
  /** More messages or bytes per second than the connection's rate allows, or too many queued before the board loaded. */
  tooMany: { code: 4429, reason: 'too many messages' },
  /** The connection's send buffer passed the high-water mark; the client resyncs on reconnect. */
  slowConsumer: { code: 4408, reason: 'client too slow to receive' },
  /** The store has been unreachable for so long that this room holds as much as it may; retry later. */
  unavailable: { code: 4503, reason: 'storage unavailable, try again shortly' },
  /** The server is shutting down or unloading; clients reconnect. */
  goingAway: { code: 1001, reason: 'server going away' },
  /** An unexpected server fault for this connection. */
  internal: { code: 1011, reason: 'internal error' },
} as const;

export type CloseName = keyof typeof CLOSE;

/** Close codes after which reconnecting with the same token cannot help. */
export const FINAL_CLOSE_CODES: readonly number[] = [
  CLOSE.unauthorized.code,
  CLOSE.forbidden.code,
  CLOSE.badRequest.code,
];

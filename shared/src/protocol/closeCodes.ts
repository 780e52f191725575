/**
 * Every WebSocket close code the server uses, in one table: name, code, reason, and
 * when. The ranges follow the unmodified y-websocket provider: it never reconnects after
 * a code in 4400–4499 (final: the same request would fail again) and reconnects after
 * anything else, so transient conditions use 45xx or 1xxx codes.
 */
export const CLOSE = {
  /** The frame could not be decoded, had an unknown type, or the board id is malformed. */
  badRequest: { code: 4400, reason: 'bad request' },
  /**
   * No token, or a token that is not valid (bad signature, wrong format) or has expired: at
   * connect time, and on an open connection at the moment its view link's `exp` passes.
   */
  unauthorized: { code: 4401, reason: 'missing, invalid or expired token' },
  /** A valid token, but for another board. */
  forbidden: { code: 4403, reason: 'token not valid for this board' },
  /** The board was deleted by its owner: open connections are closed with it, and no link opens it again. */
  boardDeleted: { code: 4404, reason: 'this board was deleted' },
  /** Presence (awareness) for a client id another connection owns, repeatedly, or for too many ids in one message (server/src/rooms/PresenceGuard.ts). */
  presenceSpoofing: { code: 4406, reason: 'presence for another client' },
  /**
   * A valid link of an organisation-only board, but no valid sign-in with the server's
   * OIDC provider beside it (none, expired, or another provider's). Not 4401: the link is
   * fine, and the page asks the person to sign in rather than for a new link. (HTTP: 401.)
   */
  signInRequired: { code: 4407, reason: 'sign in to open this board' },
  /** The owner reset the board's links: a connection opened with an older link is closed, and the link refused. */
  linkRevoked: { code: 4410, reason: 'this link was reset' },
  /** An update would take the board past its stored-size cap (MAX_BOARD_BYTES): refused, not stored. Deletions still go through. */
  boardFull: { code: 4411, reason: 'this board is full' },
  /** A message larger than the configured maximum. */
  tooLarge: { code: 4413, reason: 'message too large' },
  /** More messages per second than the connection's rate allows, or too many queued before the board loaded: a flood. */
  tooMany: { code: 4429, reason: 'too many messages' },
  /** The store has been unreachable so long that this room holds all it may; the client retries later. */
  unavailable: { code: 4503, reason: 'storage unavailable, try again shortly' },
  /** The connection's send buffer passed the high-water mark; the client reconnects and resyncs. */
  slowConsumer: { code: 4508, reason: 'client too slow to receive' },
  /** This instance holds as many boards as it may (MAX_LOADED_BOARDS) and this one is not among them; the client retries. */
  busy: { code: 4513, reason: 'server busy, retry shortly' },
  /** The server is shutting down or unloading; clients reconnect. */
  goingAway: { code: 1001, reason: 'server going away' },
  /** An unexpected server fault for this connection. */
  internal: { code: 1011, reason: 'internal error' },
} as const;

export type CloseName = keyof typeof CLOSE;

/**
 * Close codes after which our client stops reconnecting: the same request would fail
 * again. (The bare y-websocket provider also stops after 4429; our client backs off and
 * retries instead.)
 */
export const FINAL_CLOSE_CODES: readonly number[] = [
  CLOSE.badRequest.code,
  CLOSE.unauthorized.code,
  CLOSE.forbidden.code,
  CLOSE.boardDeleted.code,
  CLOSE.presenceSpoofing.code,
  CLOSE.signInRequired.code,
  CLOSE.linkRevoked.code,
  CLOSE.boardFull.code,
  CLOSE.tooLarge.code,
];

/**
 * The smallest socket a room needs (after tldraw's WebSocketMinimal and Hocuspocus's
 * WebSocketLike): rooms never see `ws` itself, so tests can drive them with anything.
 */
export interface SocketLike {
  /** Sends a binary message; `data` is never changed afterwards (a broadcast is framed once for every socket). */
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued for sending and not yet handed to the OS. */
  readonly bufferedAmount: number;
  readonly isOpen: boolean;
}

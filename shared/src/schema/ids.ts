/** Branded ids: a NodeId cannot be passed where an EdgeId is expected. */
export type BoardId = string & { readonly __brand: 'BoardId' };
export type NodeId = string & { readonly __brand: 'NodeId' };
export type EdgeId = string & { readonly __brand: 'EdgeId' };

/** A board id is 1–64 of `[A-Za-z0-9_-]`; it appears in URLs and Redis keys. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isBoardId(value: string): value is BoardId {
  return BOARD_ID_PATTERN.test(value);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random id of `length` base-62 characters from the platform's CSPRNG. */
export function randomId(length = 16): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

export const newBoardId = (): BoardId => randomId(16) as BoardId;
export const newNodeId = (): NodeId => `n_${randomId(12)}` as NodeId;
export const newEdgeId = (): EdgeId => `e_${randomId(12)}` as EdgeId;

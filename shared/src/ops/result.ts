/** Why an operation refused to change the doc. Expected failures are values, not throws. */
export const OP_ERRORS = {
  'unknown-kind': 'the catalogue has no component of that kind',
  'missing-node': 'no node with that id is on the board',
  'missing-edge': 'no edge with that id is on the board',
  'self-loop': 'an edge cannot connect a node to itself',
  'not-connectable': 'that component takes no connections',
  'not-container': 'only a network container can hold other nodes',
  cycle: 'a container cannot be placed inside itself',
  'invalid-value': 'a number was not finite or a size not positive',
  'duplicate-edge': 'those two nodes are already connected that way',
  'blank-title': 'a board title cannot be blank',
} as const;
export type OpErrorCode = keyof typeof OP_ERRORS;

export interface OpError {
  code: OpErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: OpError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(code: OpErrorCode, detail?: string): Result<T> => ({
  ok: false,
  error: { code, message: detail ? `${OP_ERRORS[code]}: ${detail}` : OP_ERRORS[code] },
});

/**
 * Origins of this tab's own transactions, tagged as data (STYLE §1). The undo manager
 * tracks `local` by identity, so each session makes its own objects: undo takes back
 * what this tab's user did and never a repair, an initialisation or another person's edit.
 */
export type ClientOrigin =
  /** A gesture of the user at this tab: undoable. */
  | { readonly source: 'local' }
  /** `repairBoard` cleaning up after a remote change: not undoable. */
  | { readonly source: 'repair' }
  /** Writing the board's meta the first time it is opened: not undoable. */
  | { readonly source: 'init' };

export interface ClientOrigins {
  local: ClientOrigin;
  repair: ClientOrigin;
  init: ClientOrigin;
}

export function createOrigins(): ClientOrigins {
  return { local: { source: 'local' }, repair: { source: 'repair' }, init: { source: 'init' } };
}

export function isClientOrigin(value: unknown): value is ClientOrigin {
  return (
    typeof value === 'object' &&
    value !== null &&
    'source' in value &&
    ['local', 'repair', 'init'].includes(String((value as { source: unknown }).source))
  );
}

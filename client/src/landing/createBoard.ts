import { signedIn } from '../auth/signIn';

/** What `POST /api/boards` answers: the new board's id and its tokens (the owner's is the creator's). */
export interface CreatedBoard {
  id: string;
  ownerToken: string;
  editToken: string;
  viewToken: string;
}

function isCreatedBoard(value: unknown): value is CreatedBoard {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.ownerToken === 'string' &&
    typeof v.editToken === 'string' &&
    typeof v.viewToken === 'string'
  );
}

/**
 * `orgOnly`: only for signed-in members of the organisation (a sign-in with the server's
 * provider is needed beside the link to open it); the server offers it when sign-in is on.
 */
export function createBoard(title: string, orgOnly = false): Promise<CreatedBoard> {
  return post(JSON.stringify(orgOnly ? { title, orgOnly } : { title }));
}

/**
 * Creates an interview board: its doc starts with the interview's clock and the default
 * phases, and its creator's token (`ownerToken`) is of role `host`.
 */
export function createInterview(title: string, orgOnly = false): Promise<CreatedBoard> {
  return post(JSON.stringify(orgOnly ? { title, interview: true, orgOnly } : { title, interview: true }));
}

/** Creates a board from an Archboard export file (the server checks it as `parseImport` does). */
export function importBoard(exportText: string, orgOnly = false): Promise<CreatedBoard> {
  // The body is the file itself, so the flag goes in the query.
  return post(exportText, orgOnly ? '?orgOnly=true' : '');
}

function bearer(): Record<string, string> {
  const user = signedIn();
  return user ? { authorization: `Bearer ${user.token}` } : {};
}

async function post(body: string, query = ''): Promise<CreatedBoard> {
  const response = await fetch(`/api/boards${query}`, {
    method: 'POST',
    // With sign-in on, the server creates boards only for a signed-in person.
    headers: { 'content-type': 'application/json', ...bearer() },
    body,
  });
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { error?: unknown };
    const reason = typeof answer.error === 'string' ? `: ${answer.error}` : ` (HTTP ${response.status})`;
    throw new Error(`The server could not create the board${reason}.`);
  }
  const created: unknown = await response.json();
  if (!isCreatedBoard(created)) throw new Error('The server answered with something that is not a board.');
  return created;
}

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

export function createBoard(title: string): Promise<CreatedBoard> {
  return post(JSON.stringify({ title }));
}

/** Creates a board from an Archboard export file (the server checks it as `parseImport` does). */
export function importBoard(exportText: string): Promise<CreatedBoard> {
  return post(exportText);
}

function bearer(): Record<string, string> {
  const user = signedIn();
  return user ? { authorization: `Bearer ${user.token}` } : {};
}

async function post(body: string): Promise<CreatedBoard> {
  const response = await fetch('/api/boards', {
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

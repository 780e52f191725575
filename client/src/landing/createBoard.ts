/** What `POST /api/boards` answers: the new board's id and its two tokens. */
export interface CreatedBoard {
  id: string;
  editToken: string;
  viewToken: string;
}

function isCreatedBoard(value: unknown): value is CreatedBoard {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.editToken === 'string' && typeof v.viewToken === 'string';
}

export function createBoard(title: string): Promise<CreatedBoard> {
  return post(JSON.stringify({ title }));
}

/** Creates a board from an Archboard export file (the server checks it as `parseImport` does). */
export function importBoard(exportText: string): Promise<CreatedBoard> {
  return post(exportText);
}

async function post(body: string): Promise<CreatedBoard> {
  const response = await fetch('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
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

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

export async function createBoard(title: string): Promise<CreatedBoard> {
  const response = await fetch('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (!response.ok) throw new Error(`The server could not create a board (HTTP ${response.status}).`);
  const body: unknown = await response.json();
  if (!isCreatedBoard(body)) throw new Error('The server answered with something that is not a board.');
  return body;
}

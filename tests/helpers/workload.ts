import { expect } from 'vitest';
import * as Y from 'yjs';
import { addNode, readBoard } from '@archboard/shared';
import { eventually, type ProviderClient } from './clients';

/** A client that keeps adding labelled nodes, as a person sketching would, until stopped. */
export function keepEditing(client: ProviderClient, tag: string, everyMs = 40) {
  const labels: string[] = [];
  const timer = setInterval(() => {
    const label = `${tag}-${labels.length}`;
    if (addNode(client.doc, { kind: 'generic.service', x: labels.length, y: 0, label }).ok) labels.push(label);
  }, everyMs);
  return {
    labels,
    stop: () => clearInterval(timer),
  };
}

export const labelsOf = (doc: Y.Doc) => new Set(readBoard(doc).nodes.map((n) => n.label));

/** Every client ends with the same document, holding every label any of them wrote. */
export async function expectConverged(clients: ProviderClient[], labels: string[], timeoutMs = 30_000): Promise<void> {
  await eventually(() => {
    for (const client of clients) {
      const have = labelsOf(client.doc);
      const missing = labels.filter((l) => !have.has(l));
      expect(missing, `client misses ${missing.length} of ${labels.length}`).toEqual([]);
    }
    const first = Y.encodeStateVector(clients[0]!.doc);
    for (const client of clients.slice(1)) expect(Y.encodeStateVector(client.doc)).toEqual(first);
  }, timeoutMs);
}

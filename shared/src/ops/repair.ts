import * as Y from 'yjs';
import { boardMaps, EDGE_KEYS, NODE_KEYS } from '../schema/docLayout';
import { parentLinks } from './nodes';
import { cycleBreakers } from './rules';

/**
 * Writes into the doc what `readBoard` only hides: removes edges whose ends were
 * deleted, and parent links that point at deleted nodes or close a cycle. Idempotent,
 * and safe for several clients to run at once (they make the same deletions). Nodes of
 * kinds this version does not know are left alone: a newer client may know them.
 * Returns how many entries it changed.
 */
export function repairBoard(doc: Y.Doc, origin?: unknown): number {
  const { nodes, edges } = boardMaps(doc);
  const links = parentLinks(doc);
  let changed = 0;
  doc.transact(() => {
    edges.forEach((edge, id) => {
      if (!(edge instanceof Y.Map)) return;
      const ends = [edge.get(EDGE_KEYS.source), edge.get(EDGE_KEYS.target)];
      if (ends.some((end) => typeof end !== 'string' || !nodes.has(end))) {
        edges.delete(id);
        changed++;
      }
    });
    const orphans = [...links].filter(([, parent]) => parent !== undefined && !nodes.has(parent)).map(([id]) => id);
    for (const id of orphans) links.set(id, undefined);
    for (const id of [...orphans, ...cycleBreakers(links)]) {
      const node = nodes.get(id);
      if (node instanceof Y.Map && node.has(NODE_KEYS.parent)) {
        node.delete(NODE_KEYS.parent);
        changed++;
      }
    }
  }, origin);
  return changed;
}

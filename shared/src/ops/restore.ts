import * as Y from 'yjs';
import type { Board } from '../read/readBoard';
import { boardMaps, EDGE_KEYS, META_KEYS, NODE_KEYS, type RecordMap } from '../schema/docLayout';
import { EDGE_PROP_NAMES } from '../schema/edgeRecord';
import { NODE_PROP_NAMES } from '../schema/nodeRecord';
import { connect } from './edges';
import { setAnswer } from './meta';
import { addNode } from './nodes';
import { replaceText } from './text';

/** Sets a plain key when its value differs; deletes it for undefined. */
function put(record: RecordMap, key: string, value: unknown): void {
  if (value === undefined) {
    if (record.has(key)) record.delete(key);
  } else if (record.get(key) !== value) record.set(key, value);
}

function putText(record: RecordMap, key: string, value: string): void {
  const text = record.get(key);
  if (text instanceof Y.Text) replaceText(text, value);
  else record.set(key, new Y.Text(value));
}

/**
 * Makes the document read as `target` (a version from history) in one transaction: it
 * removes what the version lacks, adds what it has, and changes only the fields and
 * characters that differ. So the restore is an ordinary edit: everyone connected sees it
 * at once, edits made meanwhile to untouched records survive, and one undo takes it back.
 */
export function restoreBoard(doc: Y.Doc, target: Board, origin?: unknown): { changed: boolean } {
  const { nodes, edges, meta, requirements, review } = boardMaps(doc);
  let changed = false;
  const onUpdate = () => (changed = true);
  doc.on('update', onUpdate);
  const wantNodes = new Set<string>(target.nodes.map((n) => n.id));
  const wantEdges = new Set<string>(target.edges.map((e) => e.id));
  doc.transact(() => {
    for (const id of [...nodes.keys()]) if (!wantNodes.has(id)) nodes.delete(id);
    for (const id of [...edges.keys()]) if (!wantEdges.has(id)) edges.delete(id);
    for (const node of target.nodes) {
      const record = nodes.get(node.id);
      if (!(record instanceof Y.Map)) {
        addNode(doc, { ...node, ...(node.parent ? { parent: node.parent } : {}) });
        if (node.notes) putText(nodes.get(node.id)!, NODE_KEYS.notes, node.notes);
        continue;
      }
      put(record, NODE_KEYS.kind, node.kind);
      if (record.get(NODE_KEYS.x) !== node.x || record.get(NODE_KEYS.y) !== node.y) {
        record.set(NODE_KEYS.x, node.x); // both or neither (OP-4)
        record.set(NODE_KEYS.y, node.y);
      }
      put(record, NODE_KEYS.w, node.w);
      put(record, NODE_KEYS.h, node.h);
      put(record, NODE_KEYS.parent, node.parent);
      put(record, NODE_KEYS.z, node.z);
      putText(record, NODE_KEYS.label, node.label);
      putText(record, NODE_KEYS.notes, node.notes ?? '');
      for (const name of NODE_PROP_NAMES) put(record, name, node.props?.[name]);
    }
    for (const edge of target.edges) {
      const record = edges.get(edge.id);
      if (!(record instanceof Y.Map)) {
        connect(doc, { ...edge, twoWay: edge.twoWay ?? false });
        continue;
      }
      put(record, EDGE_KEYS.source, edge.source);
      put(record, EDGE_KEYS.target, edge.target);
      put(record, EDGE_KEYS.sourceHandle, edge.sourceHandle);
      put(record, EDGE_KEYS.targetHandle, edge.targetHandle);
      put(record, EDGE_KEYS.style, edge.style);
      put(record, EDGE_KEYS.twoWay, edge.twoWay);
      putText(record, EDGE_KEYS.label, edge.label);
      for (const name of EDGE_PROP_NAMES) put(record, name, edge.props?.[name]);
    }
    for (const question of new Set([...requirements.keys(), ...Object.keys(target.answers)]))
      setAnswer(doc, question, target.answers[question] ?? '');
    put(meta, META_KEYS.title, target.title);
    for (const key of [...review.keys()]) if (!(key in target.dismissals)) review.delete(key);
    for (const [key, dismissal] of Object.entries(target.dismissals))
      if (JSON.stringify(review.get(key)) !== JSON.stringify(dismissal)) review.set(key, dismissal);
  }, origin);
  doc.off('update', onUpdate);
  return { changed };
}

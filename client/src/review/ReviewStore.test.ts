import * as Y from 'yjs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  addNode,
  connect,
  moveNodes,
  readBoard,
  renameNode,
  setAnswer,
  setNodeProps,
  type Board,
  type NodeId,
} from '@archboard/shared';
import { REVIEW_DEBOUNCE_MS, ReviewStore } from './ReviewStore';

/** A doc read into boards the way BoardStore hands them out: a new object per change. */
function source(doc: Y.Doc) {
  let board: Board = readBoard(doc);
  const listeners = new Set<() => void>();
  doc.on('afterTransaction', () => {
    board = readBoard(doc);
    listeners.forEach((l) => l());
  });
  return {
    subscribe: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)),
    getSnapshot: () => board,
  };
}

function shop(): Y.Doc {
  const doc = new Y.Doc();
  addNode(doc, { id: 'u' as NodeId, kind: 'generic.user', x: 0, y: 0 });
  addNode(doc, { id: 'lb' as NodeId, kind: 'aws.elb', x: 100, y: 0 });
  addNode(doc, { id: 'svc' as NodeId, kind: 'aws.ec2', x: 200, y: 0 });
  connect(doc, { source: 'u' as NodeId, target: 'lb' as NodeId });
  connect(doc, { source: 'lb' as NodeId, target: 'svc' as NodeId });
  setAnswer(doc, 'q5', '1,500 requests per second');
  return doc;
}

afterEach(() => void vi.useRealTimers());

describe('ReviewStore', () => {
  test('REVIEW-1 reviews a moment after the last change, once, and tells subscribers', () => {
    vi.useFakeTimers();
    const doc = shop();
    const store = new ReviewStore(source(doc));
    expect(store.severityOf('svc')).toBeUndefined();
    const heard = vi.fn();
    store.subscribe(heard);
    // a burst of edits (a drag, typing) is reviewed once, after it stops
    setAnswer(doc, 'q11', '99.9%');
    setNodeProps(doc, 'svc' as NodeId, { capacityRps: 500 });
    vi.advanceTimersByTime(REVIEW_DEBOUNCE_MS - 1);
    expect(heard).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(heard).toHaveBeenCalledTimes(1);
    // one instance with an uptime target but a load balancer in front: no finding on it,
    // and 1,500 rps against 500 is three times its capacity
    expect(store.severityOf('svc')).toBeUndefined();
    expect(store.getSnapshot().estimate.nodes['svc' as NodeId]?.utilisation).toBe(3);
    store.destroy();
  });

  test('REVIEW-2 load badges show only while asked for, at the chosen growth', () => {
    const store = new ReviewStore(source(shop()));
    expect(store.utilisationOf('svc')).toBeUndefined();
    store.setShowLoad(true);
    expect(store.utilisationOf('svc')).toBe(150); // 1,500 of 1,000 rps
    store.setGrowth(10);
    expect(store.utilisationOf('svc')).toBe(1500);
    expect(store.getSnapshot().saturation).toMatchObject({ growth: 1, node: 'svc' });
    store.destroy();
  });

  test('REVIEW-2b no load badge, not even 0 %, while the board states no traffic; one shows once it does', () => {
    vi.useFakeTimers();
    const doc = shop();
    setAnswer(doc, 'q5', '');
    const store = new ReviewStore(source(doc));
    store.setShowLoad(true);
    expect(store.getSnapshot().estimate.entrySource).toBe('none');
    expect(store.utilisationOf('svc')).toBeUndefined();
    setAnswer(doc, 'q5', '500 requests per second');
    vi.advanceTimersByTime(REVIEW_DEBOUNCE_MS + 1);
    expect(store.utilisationOf('svc')).toBe(50);
    store.destroy();
  });

  test('REVIEW-3 the worst open finding of a node is its badge; info findings mark no node', () => {
    const doc = new Y.Doc();
    addNode(doc, { id: 'u' as NodeId, kind: 'generic.user', x: 0, y: 0 });
    addNode(doc, { id: 'svc' as NodeId, kind: 'aws.ec2', x: 200, y: 0 });
    connect(doc, { source: 'u' as NodeId, target: 'svc' as NodeId });
    setAnswer(doc, 'q11', '99.9%');
    const store = new ReviewStore(source(doc));
    const rules = store.getSnapshot().open.map((f) => `${f.severity}:${f.rule}`);
    expect(rules).toContain('error:single-instance-compute');
    expect(rules).toContain('warning:direct-compute-access');
    expect(store.severityOf('svc')).toBe('error');
    store.destroy();
  });

  test('REVIEW-4 moves are not reviewed again; a change the review reads still is', () => {
    vi.useFakeTimers();
    const doc = shop();
    const store = new ReviewStore(source(doc));
    const before = store.getSnapshot();
    const heard = vi.fn();
    store.subscribe(heard);
    // a peer dragging nodes around for a while: no review, no re-render of any badge
    for (let k = 1; k <= 20; k++) {
      moveNodes(doc, [
        { id: 'lb' as NodeId, x: 100 + k, y: k },
        { id: 'svc' as NodeId, x: 200 + k, y: 0 },
      ]);
      vi.advanceTimersByTime(REVIEW_DEBOUNCE_MS);
    }
    expect(heard).not.toHaveBeenCalled();
    expect(store.getSnapshot()).toBe(before);
    // a new label is something the review reads (findings name nodes by label)
    renameNode(doc, 'svc' as NodeId, 'orders');
    vi.advanceTimersByTime(REVIEW_DEBOUNCE_MS);
    expect(heard).toHaveBeenCalledTimes(1);
    // a setting the review reads: reviewed, with the new figure
    setNodeProps(doc, 'svc' as NodeId, { capacityRps: 3000 });
    vi.advanceTimersByTime(REVIEW_DEBOUNCE_MS);
    expect(heard).toHaveBeenCalledTimes(2);
    expect(store.getSnapshot().estimate.nodes['svc' as NodeId]?.utilisation).toBe(0.5);
    store.destroy();
  });

  test('REVIEW-5 with a later first review, the store reviews nothing until then, then once; an edit before it is reviewed once', () => {
    vi.useFakeTimers();
    const doc = shop();
    let run: (() => void) | undefined;
    const cancel = vi.fn();
    const store = new ReviewStore(source(doc), (later) => ((run = later), cancel));
    expect(store.getSnapshot().reviewed).toBe(false);
    expect(store.getSnapshot().open).toEqual([]);
    expect(store.utilisationOf('svc')).toBeUndefined();
    const heard = vi.fn();
    store.subscribe(heard);
    run!();
    expect(heard).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().reviewed).toBe(true);
    expect(store.getSnapshot().estimate.nodes['svc' as NodeId]?.utilisation).toBe(1.5);

    // An edit before the first review: the debounced review runs, and the first is cancelled.
    let second: (() => void) | undefined;
    const cancelSecond = vi.fn(() => (second = undefined));
    const early = new ReviewStore(source(doc), (later) => ((second = later), cancelSecond));
    setNodeProps(doc, 'svc' as NodeId, { capacityRps: 3000 });
    vi.advanceTimersByTime(REVIEW_DEBOUNCE_MS);
    expect(cancelSecond).toHaveBeenCalled();
    expect(second).toBeUndefined();
    expect(early.getSnapshot()).toMatchObject({ reviewed: true });
    expect(early.getSnapshot().estimate.nodes['svc' as NodeId]?.utilisation).toBe(0.5);
    early.destroy();
    store.destroy();
  });
});

import { describe, expect, it } from 'vitest';
import {
  connect,
  DESIGN_QUESTIONS,
  moveNodes,
  renameNode,
  resizeNode,
  setAnswer,
  setTitle,
  type NodeId,
} from '@archboard/shared';
import { vpcBoard } from '../testing/vpcBoard';
import { BoardStore } from './BoardStore';

describe('BoardStore.getContent: the board the page around the canvas reads', () => {
  const setup = () => {
    const doc = vpcBoard();
    return { doc, store: new BoardStore(doc) };
  };

  it('CONTENT-1 keeps its object while nodes only move and resize, and the live board changes', () => {
    const { doc, store } = setup();
    const content = store.getContent();
    const board = store.getSnapshot();
    moveNodes(doc, [{ id: 'b' as NodeId, x: 720, y: 40 }]);
    resizeNode(doc, 'g' as NodeId, { w: 800, h: 500 });
    expect(store.getSnapshot()).not.toBe(board);
    expect(store.getContent()).toBe(content);
    store.destroy();
  });

  it('CONTENT-2 changes with a label, an answer, the title or an edge, and then reads the live board', () => {
    const { doc, store } = setup();
    const question = DESIGN_QUESTIONS[0]!.id;
    const changes = [
      () => renameNode(doc, 'a' as NodeId, 'Resize images'),
      () => setAnswer(doc, question, 'A million users a day'),
      () => setTitle(doc, 'Thumbnails'),
      () => connect(doc, { source: 'b' as NodeId, target: 'a' as NodeId }),
    ];
    for (const [i, change] of changes.entries()) {
      const before = store.getContent();
      moveNodes(doc, [{ id: 'b' as NodeId, x: 100 * i, y: 0 }]);
      change();
      expect(store.getContent()).not.toBe(before);
      expect(store.getContent()).toBe(store.getSnapshot());
    }
    expect(store.getContent()).toMatchObject({ title: 'Thumbnails', answers: { [question]: 'A million users a day' } });
    expect(store.getContent().nodes.find((n) => n.id === 'a')?.label).toBe('Resize images');
    store.destroy();
  });
});

import type * as Y from 'yjs';
import { moveNodes, resizeNode, type NodeId } from '@archboard/shared';

interface Resize {
  w: number;
  h: number;
  x?: number;
  y?: number;
}

/**
 * Collects the positions and sizes React Flow reports while dragging or resizing and
 * writes them to the doc at most once per animation frame, in one transaction: pointer
 * events can arrive faster than the screen refreshes, and each write is a network update.
 */
export class FrameBatcher {
  private moves = new Map<NodeId, { x: number; y: number }>();
  private resizes = new Map<NodeId, Resize>();
  private frame = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly origin: unknown,
  ) {}

  move(id: NodeId, x: number, y: number): void {
    const resize = this.resizes.get(id);
    if (resize) this.resizes.set(id, { ...resize, x, y });
    else this.moves.set(id, { x, y });
    this.schedule();
  }

  resize(id: NodeId, w: number, h: number): void {
    const move = this.moves.get(id);
    this.moves.delete(id);
    this.resizes.set(id, move ? { w, h, ...move } : { ...this.resizes.get(id), w, h });
    this.schedule();
  }

  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(this.flush);
  }

  /** Writes whatever is pending now; call before anything that reads positions from the doc. */
  flush = (): void => {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.moves.size === 0 && this.resizes.size === 0) return;
    const moves = [...this.moves].map(([id, p]) => ({ id, ...p }));
    const resizes = [...this.resizes];
    this.moves.clear();
    this.resizes.clear();
    this.doc.transact(() => {
      if (moves.length > 0) moveNodes(this.doc, moves, this.origin);
      for (const [id, size] of resizes) resizeNode(this.doc, id, size, this.origin);
    }, this.origin);
  };

  destroy(): void {
    this.flush();
  }
}

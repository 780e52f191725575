import { Panel, useReactFlow, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useEffect, useRef, type PointerEvent as ReactPointerEvent, type WheelEvent } from 'react';
import { catalogEntry } from '@archboard/shared';
import type { ArchFlowNode } from './flowTypes';

const WIDTH = 200;
const HEIGHT = 150;
const PADDING = 8;
/** How often moved nodes are drawn again, at most (a drag, a peer's moves). */
const NODES_REDRAW_MS = 100;
/**
 * A canvas narrower than this (a laptop window with a side panel open) has no room for the
 * minimap's 200 px: it hides until the canvas is wider again.
 */
const MINIMAP_MIN_CANVAS_WIDTH = 640;
/** Whether the minimap shows: a board with something on it, on a canvas with room for it. */
const wanted = (state: ReactFlowState) =>
  state.nodes.length > 0 && (state.width === 0 || state.width >= MINIMAP_MIN_CANVAS_WIDTH);

interface Frame {
  /** flow coordinates of the minimap's top-left corner, and flow units per minimap pixel */
  x: number;
  y: number;
  scale: number;
}

/**
 * The minimap, drawn on a canvas once per animation frame at most, and at most every
 * NODES_REDRAW_MS while only nodes move. React Flow's own MiniMap is an SVG of one rect
 * per node that re-renders and repaints on every change: at 1,000 nodes that was a third
 * of each frame of a drag. This draws the same picture (every node, containers as
 * outlines, the visible area unmasked) from React Flow's store, and pans (press or drag)
 * and zooms (wheel) the canvas the same way.
 */
export function CanvasMiniMap() {
  const store = useStoreApi<ArchFlowNode>();
  const flow = useReactFlow<ArchFlowNode>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<Frame>({ x: 0, y: 0, scale: 1 });
  // A yes/no: re-renders only when it flips (the canvas crosses the width, the board
  // gets its first node or loses its last), not at each resize or change.
  const shown = useStore(wanted);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let pending = 0;
    let later: ReturnType<typeof setTimeout> | undefined;
    let drawnAt = -Infinity;
    // Read once per theme: reading them at every draw made the browser compute the page's
    // style there and then, in the middle of a frame that others change the page in again.
    let colors: Colors | undefined;
    const draw = () => {
      pending = 0;
      drawnAt = performance.now();
      colors ??= readColors(canvas);
      frameRef.current = paint(canvas, store.getState(), colors);
    };
    const schedule = () => {
      clearTimeout(later);
      later = undefined;
      if (pending === 0) pending = requestAnimationFrame(draw);
    };
    // Moved nodes are drawn at most every NODES_REDRAW_MS: redrawing at every frame of a
    // drag cost about 1 ms of script and 1 ms of compositing a frame on a 1,000-node board.
    const scheduleNodes = () => {
      const wait = drawnAt + NODES_REDRAW_MS - performance.now();
      if (wait <= 0) schedule();
      else if (pending === 0 && later === undefined) later = setTimeout(schedule, wait);
    };
    let last = store.getState();
    const unsubscribe = store.subscribe((state) => {
      // The visible area follows pans and zooms at every frame.
      if (state.transform !== last.transform || state.width !== last.width || state.height !== last.height) schedule();
      // React Flow updates nodeLookup in place: a new nodes array is what says it changed
      else if (state.nodes !== last.nodes || state.nodeLookup !== last.nodeLookup) scheduleNodes();
      last = state;
    });
    // The colours come from the theme: read them again and draw when it changes.
    const themeWatch = new MutationObserver(() => {
      colors = undefined;
      schedule();
    });
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    schedule();
    return () => {
      unsubscribe();
      themeWatch.disconnect();
      cancelAnimationFrame(pending);
      clearTimeout(later);
    };
  }, [store]);

  /** Centres the canvas on the flow point under the pointer. */
  const panTo = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const { x, y, scale } = frameRef.current;
    const { width, height, transform } = store.getState();
    const zoom = transform[2];
    const flowX = x + (event.clientX - rect.left) * scale;
    const flowY = y + (event.clientY - rect.top) * scale;
    void flow.setViewport({ x: width / 2 - flowX * zoom, y: height / 2 - flowY * zoom, zoom });
  };

  const onWheel = (event: WheelEvent<HTMLCanvasElement>) => {
    const { transform, minZoom, maxZoom, width, height } = store.getState();
    const [tx, ty, zoom] = transform;
    const next = Math.min(maxZoom, Math.max(minZoom, zoom * Math.pow(2, -event.deltaY / 500)));
    // about the centre of the pane, as React Flow's minimap zooms
    const cx = (width / 2 - tx) / zoom;
    const cy = (height / 2 - ty) / zoom;
    void flow.setViewport({ x: width / 2 - cx * next, y: height / 2 - cy * next, zoom: next });
  };

  return (
    <Panel
      position="bottom-right"
      className="react-flow__minimap arch-minimap"
      data-testid="minimap"
      style={shown ? undefined : { display: 'none' }}
    >
      <canvas
        ref={canvasRef}
        width={WIDTH}
        height={HEIGHT}
        style={{ width: WIDTH, height: HEIGHT }}
        aria-label="Minimap"
        role="img"
        onPointerDown={(event) => {
          // the primary button only: a right-click here is not a pan
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          panTo(event);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) panTo(event);
        }}
        onWheel={onWheel}
      />
    </Panel>
  );
}

/** The theme's colours for the minimap (styles/theme.css). */
interface Colors {
  node: string;
  note: string;
  mask: string;
}

function readColors(canvas: HTMLCanvasElement): Colors {
  const style = getComputedStyle(canvas);
  const color = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    node: color('--minimap-node', '#94a3b8'),
    note: color('--minimap-note', '#fde68a'),
    mask: color('--minimap-mask', 'rgba(241, 245, 249, 0.7)'),
  };
}

/** Draws the nodes and the visible area; returns where the minimap shows the flow. */
function paint(canvas: HTMLCanvasElement, state: ReactFlowState<ArchFlowNode>, colors: Colors): Frame {
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== WIDTH * ratio) {
    canvas.width = WIDTH * ratio;
    canvas.height = HEIGHT * ratio;
  }
  const context = canvas.getContext('2d');
  const [tx, ty, zoom] = state.transform;
  const view = { x: -tx / zoom, y: -ty / zoom, w: state.width / zoom, h: state.height / zoom };
  let minX = view.x;
  let minY = view.y;
  let maxX = view.x + view.w;
  let maxY = view.y + view.h;
  for (const node of state.nodeLookup.values()) {
    const { x, y } = node.internals.positionAbsolute;
    const w = node.measured.width ?? node.width ?? 0;
    const h = node.measured.height ?? node.height ?? 0;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + w);
    maxY = Math.max(maxY, y + h);
  }
  const scale = Math.max((maxX - minX) / (WIDTH - 2 * PADDING), (maxY - minY) / (HEIGHT - 2 * PADDING), 1e-6);
  // centre the content in the box
  const frame = {
    x: minX - (WIDTH * scale - (maxX - minX)) / 2,
    y: minY - (HEIGHT * scale - (maxY - minY)) / 2,
    scale,
  };
  if (!context) return frame;
  const px = (v: number, origin: number) => (v - origin) / scale;

  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, WIDTH, HEIGHT);
  for (const node of state.nodeLookup.values()) {
    const { x, y } = node.internals.positionAbsolute;
    const w = (node.measured.width ?? node.width ?? 0) / scale;
    const h = (node.measured.height ?? node.height ?? 0) / scale;
    if (node.type === 'group') {
      context.strokeStyle = catalogEntry(node.data.kind)?.color ?? '#64748b';
      context.lineWidth = 1;
      context.strokeRect(px(x, frame.x) + 0.5, px(y, frame.y) + 0.5, w, h);
    } else {
      context.fillStyle = node.type === 'note' ? colors.note : colors.node;
      context.fillRect(px(x, frame.x), px(y, frame.y), Math.max(w, 1), Math.max(h, 1));
    }
  }
  // everything but the visible area under the mask
  context.fillStyle = colors.mask;
  context.beginPath();
  context.rect(0, 0, WIDTH, HEIGHT);
  context.rect(px(view.x, frame.x), px(view.y, frame.y), view.w / scale, view.h / scale);
  context.fill('evenodd');
  return frame;
}

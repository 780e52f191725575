// Page-side helpers of the client bench (tests/bench/client.mjs). Each function runs in the
// browser, passed to page.addInitScript or page.evaluate, so each is self-contained: it
// uses only its arguments and the page's globals, and keeps its state on `window.__bench`.
/* global window, document, requestAnimationFrame, MutationObserver */

/**
 * Installed before the page's own scripts (addInitScript): counts animation frames from the
 * start, records when the page first holds React Flow's pane (`canvasAt`) and `nodeCount`
 * React Flow nodes (`loadedAt`) in its DOM (ms since navigation start; checked once per
 * frame), and while `notify` is on
 * calls the CDP binding `binding` as each frame starts.
 * @param {{ nodeCount: number, binding: string }} options
 */
export function installProbes({ nodeCount, binding }) {
  const nodes = document.getElementsByClassName('react-flow__node');
  const panes = document.getElementsByClassName('react-flow__pane');
  const bench = {
    frames: 0,
    notify: false,
    /** @type {number[] | null} frame start times while watching (see startWatching) */
    frameTimes: null,
    /** @type {number | null} */
    canvasAt: null,
    /** @type {number | null} */
    loadedAt: null,
    /** @type {{ id: string, x: number, t: number }[]} */
    shown: [],
  };
  /** @type {any} */ (window).__bench = bench;
  const tick = (/** @type {number} */ t) => {
    bench.frames++;
    if (bench.frameTimes) bench.frameTimes.push(t);
    if (bench.notify) /** @type {any} */ (window)[binding]?.(String(bench.frames));
    if (bench.canvasAt === null && panes.length > 0) bench.canvasAt = performance.now();
    if (bench.loadedAt === null && nodes.length >= nodeCount) bench.loadedAt = performance.now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Turns on or off the frame notices to the bench (see installProbes). */
export function notifyFrames(on) {
  /** @type {any} */ (window).__bench.notify = on;
}

/** Resolves at the page's next animation frame. */
export function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
}

/**
 * React Flow's own store (zustand), found through React's fiber of the renderer element:
 * it is the value of the provider above it. Lets the bench set the same viewport in both
 * apps without either app exposing anything. Returns the viewport the store then holds.
 * @param {{ x: number, y: number, zoom: number }} viewport
 */
export async function setViewport(viewport) {
  const renderer = document.querySelector('.react-flow__renderer');
  if (!renderer) throw new Error('no .react-flow__renderer in the page');
  const key = Object.keys(renderer).find((k) => k.startsWith('__reactFiber$'));
  if (!key) throw new Error('no React fiber on .react-flow__renderer');
  let fiber = /** @type {any} */ (renderer)[key];
  let store;
  for (; fiber && !store; fiber = fiber.return) {
    const value = fiber.memoizedProps?.value;
    if (value && typeof value.getState === 'function' && value.getState().panZoom) store = value;
  }
  if (!store) throw new Error("React Flow's store was not found above .react-flow__renderer");
  await store.getState().panZoom.setViewport(viewport, { duration: 0 });
  const t = store.getState().transform;
  return { x: t[0], y: t[1], zoom: t[2] };
}

/** The pane's box on the screen (CSS px). */
export function paneRect() {
  const pane = document.querySelector('.react-flow');
  if (!pane) throw new Error('no .react-flow in the page');
  const r = pane.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

/**
 * How many React Flow nodes lie wholly inside the pane, and the screen box of one of them.
 * @param {{ id: string }} options
 */
export function nodesOnScreen({ id }) {
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!pane) throw new Error('no .react-flow in the page');
  let inside = 0;
  const all = document.querySelectorAll('.react-flow__node');
  for (const node of all) {
    const r = node.getBoundingClientRect();
    if (r.width > 0 && r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= pane.bottom)
      inside++;
  }
  const target = document.querySelector(`.react-flow__node[data-id="${id}"]`);
  const r = target?.getBoundingClientRect();
  return {
    total: all.length,
    inside,
    target: r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null,
    transform: target instanceof window.HTMLElement ? target.style.transform : null,
  };
}

/** The `transform` of one node's element (React Flow places nodes with it). */
export function nodeTransform({ id }) {
  const el = document.querySelector(`.react-flow__node[data-id="${id}"]`);
  return el instanceof window.HTMLElement ? el.style.transform : null;
}

/**
 * Starts recording, for the given nodes, each new x position their element's transform
 * shows (MutationObserver on style attributes), stamped with the wall clock
 * (performance.timeOrigin + performance.now(), ms), and the start time of every frame;
 * `finalAt` becomes the time at which every node has shown its final x.
 * @param {{ finals: [string, number][] }} options each watched node and its final x
 */
export function startWatching({ finals }) {
  const bench = /** @type {any} */ (window).__bench;
  const final = new Map(finals);
  /** @type {Map<string, number>} */
  const last = new Map();
  const done = new Set();
  const container = document.querySelector('.react-flow__nodes');
  if (!container) throw new Error('no .react-flow__nodes in the page');
  bench.shown = [];
  bench.frameTimes = [];
  bench.finalAt = null;
  bench.observer = new MutationObserver((records) => {
    const t = performance.timeOrigin + performance.now();
    for (const record of records) {
      const el = /** @type {HTMLElement} */ (record.target);
      const id = el.dataset?.id;
      if (!id || !final.has(id)) continue;
      const match = /translate\(\s*(-?[\d.e+-]+)px/.exec(el.style.transform);
      if (!match) continue;
      const x = Number(match[1]);
      if (last.get(id) === x) continue;
      last.set(id, x);
      bench.shown.push({ id, x, t });
      if (x === final.get(id)) done.add(id);
    }
    if (bench.finalAt === null && done.size === final.size) bench.finalAt = t;
  });
  bench.observer.observe(container, { attributes: true, attributeFilter: ['style'], subtree: true });
}

/** When every watched node had shown its final x (wall-clock ms), or null. */
export function finalShownAt() {
  return /** @type {any} */ (window).__bench.finalAt;
}

/** Stops recording; returns what was recorded (wall-clock ms) and the frames' times (wall-clock ms). */
export function stopWatching() {
  const bench = /** @type {any} */ (window).__bench;
  bench.observer?.disconnect();
  const frames = (bench.frameTimes ?? []).map((/** @type {number} */ t) => performance.timeOrigin + t);
  bench.frameTimes = null;
  return { shown: bench.shown, frames };
}

/** The page's wall clock against Date.now(), to check the two clocks the delays compare. */
export function clocks() {
  return { hiRes: performance.timeOrigin + performance.now(), date: Date.now() };
}

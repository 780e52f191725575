// Per-frame sums of a Chrome trace of the page's renderer process, thread by thread: what the
// client bench prints for a drag trace (BENCH_CLIENT_DRAG_TRACE). The main thread's own work
// is only part of a frame's cost on a small machine: the compositor thread and the worker
// threads (raster, image decoding, V8's concurrent GC) share the same cores.

/** The renderer main thread's events summed per frame, by trace event name. */
const MAIN_EVENTS = {
  script: 'FunctionCall',
  style: 'UpdateLayoutTree',
  layout: 'Layout',
  hitTest: 'HitTest',
  prePaint: 'PrePaint',
  paint: 'Paint',
  layerize: 'Layerize',
  commit: 'Commit',
  gc: 'MinorGC',
  majorGc: 'MajorGC',
};

/** The worker threads' events of interest (each nested in a ThreadPool_RunTask). */
const WORKER_EVENTS = {
  raster: 'RasterizerTaskImpl::RunOnWorkerThread',
  imageDecode: 'SoftwareImageDecodeTaskImpl::RunOnWorkerThread',
  gcMarking: 'V8.GC_MC_BACKGROUND_MARKING',
  gcSweeping: 'V8.GC_MC_BACKGROUND_SWEEPING',
  gcScavenge: 'V8.GC_SCAVENGER_BACKGROUND_SCAVENGE_PARALLEL',
};

/**
 * @param {{ traceEvents?: any[] } | any[]} trace  a trace as Chromium writes it
 * @returns {{ frames: number, main: Record<string, number>, compositor: Record<string, number>,
 *   workers: Record<string, number> }} ms per frame; `frames` counts the main frames
 *   (ProxyMain::BeginMainFrame) of the renderer whose main thread has the most events
 */
export function summariseTrace(trace) {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  /** @type {Map<string, string>} */
  const threads = new Map();
  for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const key = (/** @type {any} */ e) => `${e.pid}:${e.tid}`;
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const e of events)
    if (threads.get(key(e)) === 'CrRendererMain') counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (main === undefined) throw new Error('the trace has no renderer main thread');
  const pid = main.split(':')[0];
  /** @type {Map<string, number>} summed µs by "<thread group> <event>" */
  const sums = new Map();
  /** @type {Map<string, number>} where the last counted event of a name ended, per thread: nested ones (a Paint inside a Paint) count once */
  const ends = new Map();
  let frames = 0;
  const mine = events.filter((e) => e.ph === 'X' && String(e.pid) === pid).sort((a, b) => a.ts - b.ts);
  for (const e of mine) {
    const k = key(e);
    const end = ends.get(`${k} ${e.name}`);
    if (end !== undefined && e.ts < end) continue;
    ends.set(`${k} ${e.name}`, e.ts + (e.dur ?? 0));
    const name = threads.get(k) ?? '';
    const group =
      k === main ? 'main' : name === 'Compositor' ? 'compositor' : /ThreadPool.*Worker/.test(name) ? 'workers' : null;
    if (group === null) continue;
    if (group === 'main' && e.name === 'ProxyMain::BeginMainFrame') frames++;
    sums.set(`${group} ${e.name}`, (sums.get(`${group} ${e.name}`) ?? 0) + (e.dur ?? 0));
  }
  const perFrame = (/** @type {string} */ group, /** @type {string} */ event) =>
    (sums.get(`${group} ${event}`) ?? 0) / 1000 / Math.max(frames, 1);
  const pick = (/** @type {string} */ group, /** @type {Record<string, string>} */ names) =>
    Object.fromEntries(Object.entries(names).map(([label, event]) => [label, perFrame(group, event)]));
  return {
    frames,
    main: { ...pick('main', MAIN_EVENTS), tasks: perFrame('main', 'ThreadControllerImpl::RunTask') },
    compositor: {
      tasks: perFrame('compositor', 'ThreadControllerImpl::RunTask'),
      commit: perFrame('compositor', 'ProxyImpl::ReadyToCommit'),
    },
    workers: { tasks: perFrame('workers', 'ThreadPool_RunTask'), ...pick('workers', WORKER_EVENTS) },
  };
}

/** One line per thread group: "main: tasks 39.0, script 14.7, …" (ms per frame). */
export function formatTraceSummary(/** @type {ReturnType<typeof summariseTrace>} */ summary) {
  const line = (/** @type {string} */ label, /** @type {Record<string, number>} */ figures) =>
    `${label}: ${Object.entries(figures)
      .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
      .join(', ')}`;
  return [
    `${summary.frames} frames; ms per frame, by thread`,
    line('main', summary.main),
    line('compositor', summary.compositor),
    line('workers', summary.workers),
  ].join('\n');
}

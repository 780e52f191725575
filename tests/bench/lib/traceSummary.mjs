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

/** A load's main-thread time by kind: each trace event's own time (less its children's) goes to its kind, or its nearest ancestor's. */
const LOAD_KINDS = {
  ParseHTML: 'html',
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  'V8.CompileCode': 'compile',
  'v8.produceModuleCache': 'compile',
  EvaluateScript: 'script',
  'v8.evaluateModule': 'script',
  FunctionCall: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  'v8.run': 'script',
  UpdateLayoutTree: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  HitTest: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'BlinkGC.AtomicPhase': 'gc',
  'Decode Image': 'images',
  ResourceReceivedData: 'network',
  ResourceFinish: 'network',
};

/**
 * The renderer main thread's time from the navigation's start to `untilMs` after it (a load:
 * until every node is in the DOM), in buckets of `bucketMs`, by kind; and the longest tasks,
 * each with its CPU time and its largest script entry (the function and its file).
 * @param {{ traceEvents?: any[] } | any[]} trace
 */
export function loadTimeline(trace, { untilMs = Infinity, bucketMs = 100, longTaskMs = 30 } = {}) {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  const key = (/** @type {any} */ e) => `${e.pid}:${e.tid}`;
  // The page's navigation (not the blank page before it): its time is 0, its thread the main one.
  const start = events
    .filter((e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '').startsWith('http'))
    .sort((a, b) => b.ts - a.ts)[0];
  if (start === undefined) throw new Error('the trace has no navigationStart (category blink.user_timing)');
  const origin = start.ts;
  const main = key(start);
  const mine = events
    .filter((e) => e.ph === 'X' && key(e) === main && e.ts + (e.dur ?? 0) >= origin && e.ts < origin + untilMs * 1000)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const end = Math.min(Math.max(...mine.map((e) => e.ts + (e.dur ?? 0))), origin + untilMs * 1000);
  const buckets = Array.from({ length: Math.ceil((end - origin) / 1000 / bucketMs) }, () => new Map());
  const totals = new Map();
  /** Adds `us` µs of kind `kind` from `from` on, spread over the buckets it spans, up to `end`. */
  const add = (/** @type {string} */ kind, /** @type {number} */ from, /** @type {number} */ us) => {
    let at = Math.max(from, origin);
    let left = us - (at - from);
    while (left > 0 && at < end) {
      const b = Math.floor((at - origin) / 1000 / bucketMs);
      const part = Math.min(left, origin + (b + 1) * bucketMs * 1000 - at, end - at);
      buckets[b].set(kind, (buckets[b].get(kind) ?? 0) + part);
      totals.set(kind, (totals.get(kind) ?? 0) + part);
      at += part;
      left -= part;
    }
  };
  /** @type {{ e: any, kind: string, childUs: number }[]} */
  const stack = [];
  const close = (/** @type {any} */ frame) => {
    // Own time: the event less its children, attributed at its start (coarse but cheap).
    add(frame.kind, frame.e.ts, Math.max(0, (frame.e.dur ?? 0) - frame.childUs));
  };
  /** @type {{ event: any, start: number, ms: number, cpuMs: number, scripts: Map<string, number> }[]} */
  const longTasks = [];
  let task = /** @type {(typeof longTasks)[number] | null} */ (null);
  for (const e of mine) {
    while (stack.length > 0 && e.ts >= stack[stack.length - 1].e.ts + (stack[stack.length - 1].e.dur ?? 0))
      close(/** @type {any} */ (stack.pop()));
    const parent = stack[stack.length - 1];
    if (parent) parent.childUs += e.dur ?? 0;
    const kind = LOAD_KINDS[/** @type {keyof typeof LOAD_KINDS} */ (e.name)] ?? parent?.kind ?? 'other';
    stack.push({ e, kind, childUs: 0 });
    if ((e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && stack.length === 1) {
      // tdur: the thread's CPU time; a task whose CPU falls short of its time waited for a core
      task = {
        event: e,
        start: (e.ts - origin) / 1000,
        ms: (e.dur ?? 0) / 1000,
        cpuMs: (e.tdur ?? 0) / 1000,
        scripts: new Map(),
      };
      if (task.ms >= longTaskMs) longTasks.push(task);
    }
    if (
      task?.event === stack[0].e &&
      (e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'v8.evaluateModule')
    ) {
      const d = e.args?.data ?? {};
      const where = `${d.functionName || e.name}${d.url ? ` ${String(d.url).split('/').pop()}` : ''}`;
      task.scripts.set(where, (task.scripts.get(where) ?? 0) + (e.dur ?? 0) / 1000);
    }
  }
  while (stack.length > 0) close(/** @type {any} */ (stack.pop()));
  const ms = (/** @type {Map<string, number>} */ m) =>
    Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, us / 1000]));
  return {
    spanMs: (end - origin) / 1000,
    totals: ms(totals),
    buckets: buckets.map((bucket, i) => ({ fromMs: i * bucketMs, ...ms(bucket) })),
    longTasks: longTasks.map((t) => ({
      start: t.start,
      ms: t.ms,
      cpuMs: t.cpuMs,
      top: [...t.scripts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '(no script)',
    })),
  };
}

/** The load timeline as lines: totals, then one line per bucket, then the long tasks (with their CPU ms). */
export function formatLoadTimeline(/** @type {ReturnType<typeof loadTimeline>} */ timeline) {
  const figures = (/** @type {Record<string, number>} */ m) =>
    Object.entries(m)
      .filter(([, v]) => v >= 0.5)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
  return [
    `main thread, the ${timeline.spanMs.toFixed(0)} ms from navigation start: ${figures(timeline.totals)}`,
    ...timeline.buckets.map(({ fromMs, ...kinds }) => `${String(fromMs).padStart(5)} ms: ${figures(kinds)}`),
    'long tasks:',
    ...timeline.longTasks.map(
      (t) => `  at ${t.start.toFixed(0)} ms, ${t.ms.toFixed(0)} ms (CPU ${t.cpuMs.toFixed(0)}): ${t.top}`,
    ),
  ].join('\n');
}

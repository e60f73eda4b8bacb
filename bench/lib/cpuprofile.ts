// Summarises a V8 .cpuprofile (what `node --cpu-prof` writes) without any dependency: self time by
// function, and by stage of the request path, from the profile's own nodes, samples and
// timeDeltas. A sample's stage is that of the innermost frame on its stack that belongs to a known
// place (specshift's own files, a dependency, one of node's modules); native frames without a
// file (JSON.parse, better-sqlite3's run, writev) take the stage of their caller.

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  /** µs, V8's monotonic clock (CLOCK_MONOTONIC on Linux, as process.hrtime) */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The stages a sample can be charged to, in the order reports list them. */
export const STAGES = [
  'http/node (parser, request and response objects)',
  'socket read/write',
  'http/fastify (routing, hooks, reply)',
  'signature/crypto',
  'body/json',
  'rules',
  'store/sqlite',
  'render',
  'request log',
  'metrics',
  'log/pino',
  'job engine',
  'specshift: operation and service (other)',
  'event loop, timers, promises',
  'node internals (other)',
  'dependencies (other)',
  'program (native, unattributed)',
  'GC',
  'idle',
] as const;
export type Stage = (typeof STAGES)[number];

/** [pattern over the frame's url (or name for the special frames), stage]; the first match wins. */
const RULES: [RegExp, Stage | null][] = [
  // V8's pseudo-frames
  [/^\(idle\)$/, 'idle'],
  [/^\(garbage collector\)$/, 'GC'],
  [/^\(program\)$/, 'program (native, unattributed)'],
  [/^\(root\)$/, null],
  // specshift's own files (compiled: dist/src/...; bundled: only the bundle's name, see the caller)
  [/\/src\/providers\/huawei\/shared\/(sdk-hmac-sha256|huawei-auth)\.js/, 'signature/crypto'],
  [/\/src\/providers\/aliyun\/shared\/rpc-auth\.js/, 'signature/crypto'],
  [/\/src\/providers\/.*(json-body|rpc-params|rpc-request|-body)\.js/, 'body/json'],
  [/\/src\/providers\/.*(\/rules\/|-rules\.js|flavor-availability)/, 'rules'],
  [/\/src\/providers\/.*render\.js/, 'render'],
  [/\/src\/store\//, 'store/sqlite'],
  [/\/src\/(jobs|core\/jobs)\//, 'job engine'],
  [/\/src\/(core\/observe\/(request-log|redact|request-note)|server\/request-recorder)\.js/, 'request log'],
  [/\/src\/(core\/observe\/metrics|server\/metrics)\.js/, 'metrics'],
  [/\/src\/(server\/(http-guards|wire-envelopes)|providers\/route-gate)\.js/, 'http/fastify (routing, hooks, reply)'],
  [/\/src\//, 'specshift: operation and service (other)'],
  // dependencies
  [/node_modules\/(better-sqlite3|pg|pg-[a-z]+)\//, 'store/sqlite'],
  [/node_modules\/(fastify|find-my-way|avvio|@fastify\/[^/]+|light-my-request|fast-querystring|toad-cache|process-warning|abstract-logging)\//, 'http/fastify (routing, hooks, reply)'],
  [/node_modules\/prom-client\//, 'metrics'],
  [/node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|on-exit-leak-free)\//, 'log/pino'],
  [/node_modules\//, 'dependencies (other)'],
  // node's own modules
  [/^node:(_http_|internal\/http|http$)/, 'http/node (parser, request and response objects)'],
  [/^node:(net|internal\/stream_base_commons|internal\/net)/, 'socket read/write'],
  [/^node:internal\/crypto\/(hash|hmac|keys|util)/, 'signature/crypto'],
  [/^node:internal\/(timers|process\/task_queues|async_hooks|process\/promises)|^node:timers/, 'event loop, timers, promises'],
];

/** The stage of one frame, or undefined when the frame says nothing (a native function, a node module left to its caller). */
export function frameStage(f: CallFrame): Stage | null | undefined {
  const key = f.url || (f.functionName.startsWith('(') ? f.functionName : '');
  if (!key) return undefined;
  for (const [re, stage] of RULES) if (re.test(key)) return stage;
  return undefined;
}

export interface FunctionRow {
  functionName: string;
  /** file (shortened) and line, 1-based */
  where: string;
  selfUs: number;
  /** the stage most of its self time was charged to */
  stage: Stage;
}

export interface ProfileSummary {
  /** the window summarised, µs */
  windowUs: number;
  /** samples in the window */
  samples: number;
  /** µs not idle */
  busyUs: number;
  byStage: { stage: Stage; us: number }[];
  /** the busiest functions by self time, idle left out */
  topFunctions: FunctionRow[];
  /** whether [from, to] overlapped the profile (otherwise the whole profile was summarised) */
  windowed: boolean;
}

const short = (url: string): string => {
  if (!url) return '(native)';
  const m = /\/(node_modules\/.*|src\/.*|bench\/.*)$/.exec(url);
  return m ? m[1]! : url.replace(/^file:\/\/.*\//, '');
};

/**
 * Self time by function and by stage over the samples taken between `from` and `to` (µs on the
 * profile's clock; the whole profile when left out or when they miss it). A sample's duration is
 * the time to the next sample, as Chrome's profiler counts it.
 */
export function summarise(p: CpuProfile, window?: { from: number; to: number }, top = 25): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  // stage per node, resolved once: its own frame's, else its caller's
  const stageOf = new Map<number, Stage>();
  const resolve = (id: number): Stage => {
    const known = stageOf.get(id);
    if (known) return known;
    const chain: number[] = [];
    let cur: number | undefined = id;
    let found: Stage = 'node internals (other)';
    while (cur !== undefined) {
      const hit = stageOf.get(cur);
      if (hit) {
        found = hit;
        break;
      }
      chain.push(cur);
      const s = frameStage(byId.get(cur)!.callFrame);
      if (s) {
        found = s;
        break;
      }
      if (s === null) break; // the root: nothing above says more
      cur = parent.get(cur);
    }
    // a stack of node internals only (a socket callback with no code of ours above it) keeps the
    // innermost internal module's name rather than falling through to "other"
    if (found === 'node internals (other)') {
      const leaf = byId.get(id)!.callFrame;
      if (!leaf.url && !leaf.functionName) found = 'program (native, unattributed)';
    }
    for (const c of chain) stageOf.set(c, found);
    return found;
  };

  let t = p.startTime;
  const times = new Float64Array(p.samples.length);
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    times[i] = t;
  }
  const windowed = !!window && window.from < p.endTime && window.to > p.startTime;
  const from = windowed ? window!.from : -Infinity;
  const to = windowed ? window!.to : Infinity;

  const stageUs = new Map<Stage, number>();
  const fnUs = new Map<string, { f: CallFrame; us: number; stages: Map<Stage, number> }>();
  let samples = 0;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    if (times[i]! < from || times[i]! >= to) continue;
    const dur = i + 1 < p.samples.length ? times[i + 1]! - times[i]! : 0;
    const id = p.samples[i]!;
    const stage = resolve(id);
    samples++;
    total += dur;
    stageUs.set(stage, (stageUs.get(stage) ?? 0) + dur);
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName}|${f.url}|${f.lineNumber}`;
    let e = fnUs.get(key);
    if (!e) fnUs.set(key, (e = { f, us: 0, stages: new Map() }));
    e.us += dur;
    e.stages.set(stage, (e.stages.get(stage) ?? 0) + dur);
  }
  const idle = stageUs.get('idle') ?? 0;
  const topFunctions = [...fnUs.values()]
    .filter((e) => e.f.functionName !== '(idle)')
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({
      functionName: e.f.functionName || '(anonymous)',
      where: e.f.url ? `${short(e.f.url)}:${e.f.lineNumber + 1}` : '(native)',
      selfUs: e.us,
      stage: [...e.stages.entries()].sort((a, b) => b[1] - a[1])[0]![0],
    }));
  return {
    windowUs: total,
    samples,
    busyUs: total - idle,
    byStage: STAGES.map((stage) => ({ stage, us: stageUs.get(stage) ?? 0 })).filter((s) => s.us > 0),
    topFunctions,
    windowed,
  };
}

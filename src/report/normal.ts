// Goroutines every healthy Go program has: named as normal so the ranking never calls them a
// leak. Each rule is a frame the stack must hold, in the state it normally waits in.
import { type Group, isUserFrame } from './cluster.js';

interface NormalRule {
  /** Prefix of a function anywhere in the group's sample stack. */
  frame: string;
  /** States the goroutine is normal in; any state when absent. */
  states?: readonly string[];
  /** Only when no user frame is on the stack (a handler below it makes it user work). */
  isStdlibOnly?: boolean;
  /** Only when every user frame is in this library (none of the program's own code). */
  ownPrefix?: string;
  /**
   * Goroutines a program starts once per process or per object it keeps (one per *sql.DB,
   * per logger); more than this many means the objects themselves leak.
   */
  maxCount?: number;
  note: string;
}

const IDLE_STATES = ['IO wait', 'select', 'chan receive'];

// The states of the runtime's own workers (runtime2.go waitReasonStrings, go1.19 to latest).
const RUNTIME_STATES = new Set([
  'GC worker (idle)',
  'GC worker (active)',
  'GC sweep wait',
  'GC scavenge wait',
  'GC weak to strong wait',
  'force gc (idle)',
  'finalizer wait',
  'timer goroutine (idle)',
  'trace reader (blocked)',
  'wait for GC cycle',
  'GOMAXPROCS updater (idle)',
  'cleanup wait',
]);

const RULES: readonly NormalRule[] = [
  // An idle keep-alive connection of an http.Client waits for the server's next bytes in
  // readLoop (IO wait) and for the next request in writeLoop (select). readLoop in `select`
  // is different: it waits for a response body to be read or closed.
  {
    frame: 'net/http.(*persistConn).readLoop',
    states: ['IO wait'],
    isStdlibOnly: true,
    note: 'normal: idle keep-alive connection (client)',
  },
  {
    frame: 'net/http.(*persistConn).writeLoop',
    states: ['select'],
    isStdlibOnly: true,
    note: 'normal: idle keep-alive connection (client)',
  },
  // A server connection between requests reads the next one; a handler on the stack would
  // be a request in progress instead.
  {
    frame: 'net/http.(*conn).serve',
    states: ['IO wait'],
    isStdlibOnly: true,
    note: 'normal: idle keep-alive connection (server)',
  },
  {
    frame: 'net/http.(*http2serverConn).serve',
    states: ['select'],
    isStdlibOnly: true,
    note: 'normal: idle HTTP/2 connection (server)',
  },
  {
    frame: 'net/http.(*http2ClientConn).readLoop',
    states: ['IO wait'],
    isStdlibOnly: true,
    note: 'normal: idle HTTP/2 connection (client)',
  },
  {
    frame: 'net/http.(*Server).Serve',
    states: ['IO wait'],
    maxCount: 4,
    note: 'normal: server waiting for connections',
  },
  // Parent tests wait in t.Run for their subtests; the runner waits for the tests.
  {
    frame: 'testing.(*T).Run',
    states: ['chan receive'],
    note: 'normal: test runner waiting for a subtest',
  },
  {
    frame: 'testing.runTests',
    states: ['chan receive'],
    note: 'normal: test runner waiting for a test',
  },
  {
    frame: 'testing.(*M).startAlarm',
    note: 'normal: the go test timeout alarm',
  },
  { frame: 'runtime/pprof.writeGoroutine', note: 'normal: the goroutine writing this dump' },
  // Servers park main for good once their goroutines are started.
  {
    frame: 'main.main',
    states: ['select (no cases)'],
    maxCount: 1,
    note: 'normal: main blocks in select {}',
  },
  { frame: 'os/signal.signal_recv', maxCount: 2, note: 'normal: signal.Notify loop' },
  { frame: 'os/signal.loop', maxCount: 2, note: 'normal: signal.Notify loop' },
  {
    frame: 'database/sql.(*DB).connectionOpener',
    states: ['select'],
    maxCount: 8,
    note: 'normal: database/sql connection opener',
  },
  {
    frame: 'database/sql.(*DB).connectionResetter',
    states: ['select'],
    maxCount: 8,
    note: 'normal: database/sql connection resetter',
  },
  {
    frame: 'github.com/golang/glog.(*loggingT).flushDaemon',
    maxCount: 2,
    note: 'normal: glog flush daemon',
  },
  {
    frame: 'k8s.io/klog',
    ownPrefix: 'k8s.io/klog',
    maxCount: 4,
    note: 'normal: klog flush daemon',
  },
  {
    frame: 'go.opencensus.io/stats/view.(*worker).start',
    maxCount: 2,
    note: 'normal: OpenCensus worker',
  },
  {
    frame: 'google.golang.org/grpc/internal/transport.',
    states: IDLE_STATES,
    ownPrefix: 'google.golang.org/grpc',
    note: 'normal: gRPC connection goroutine',
  },
];

// The runtime's own workers, in any state (runtime frames are hidden at the default level,
// so the frame is often all there is).
const RUNTIME_WORKERS = [
  'runtime.forcegchelper',
  'runtime.bgsweep',
  'runtime.bgscavenge',
  'runtime.runfinq',
  'runtime.gcBgMarkWorker',
  'runtime.timerproc',
  'runtime.ensureSigM',
  'runtime.runCleanups',
  'runtime.unique_runtime_registerUniqueMapCleanup',
  'runtime.(*traceAdvancerState).start',
  'runtime.updateMaxProcsGoroutine',
];

/** Names a group as normal (the note to show), or returns undefined when it is not. */
export function normalNote(group: Group): string | undefined {
  if (RUNTIME_STATES.has(group.state)) return 'normal: Go runtime worker';
  if (group.state === 'idle' && group.goroutines[0]?.id === 0) return 'normal: system stack';

  const frames = group.frames;
  if (frames.some((f) => RUNTIME_WORKERS.includes(f.func))) return 'normal: Go runtime worker';

  const hasUser = frames.some(isUserFrame);
  for (const rule of RULES) {
    if (rule.states && !statesMatch(rule.states, rule.frame, group)) continue;
    if (rule.isStdlibOnly && hasUser) continue;
    if (rule.maxCount !== undefined && group.count > rule.maxCount) continue;
    const prefix = rule.ownPrefix;
    if (prefix && frames.some((f) => isUserFrame(f) && !f.func.startsWith(prefix))) continue;
    if (frames.some((f) => f.func.startsWith(rule.frame))) return rule.note;
  }
  return undefined;
}

/**
 * pprof debug=1 prints no states and hides runtime frames: a goroutine parked right in the
 * rule's function shows it as its first frame, and that is all there is to go on.
 */
function statesMatch(states: readonly string[], frame: string, group: Group): boolean {
  if (states.includes(group.state)) return true;
  return group.state === 'unknown' && group.frames[0]?.func.startsWith(frame) === true;
}

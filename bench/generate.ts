// Generates realistic goroutine dumps for the benchmark: a SIGQUIT dump of a service with
// leaks, lock waiters, idle connections and many small groups, about 850 bytes a goroutine.

/** A seeded PRNG (mulberry32), so every run benchmarks the same text. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  /** Share of all goroutines. */
  share: number;
  state: string;
  /** Frames top first as `func|file:line`; `{u}` becomes a varying user function. */
  frames: string[];
  createdBy: string;
  isLocked?: boolean;
  hasMinutes?: boolean;
}

const GOROOT = '/usr/local/go/src';
const MOD = '/go/pkg/mod/github.com/acme/orders@v1.42.0';
const PKG = 'github.com/acme/orders/internal';

// How every goroutine parked in the network poller starts its stack.
const NETPOLL_WAIT = [
  `runtime.gopark|${GOROOT}/runtime/proc.go:398`,
  `runtime.netpollblock|${GOROOT}/runtime/netpoll.go:564`,
  `internal/poll.runtime_pollWait|${GOROOT}/runtime/netpoll.go:343`,
  `internal/poll.(*pollDesc).wait|${GOROOT}/internal/poll/fd_poll_runtime.go:84`,
];

const SHAPES: Shape[] = [
  {
    share: 0.45,
    state: 'chan receive',
    hasMinutes: true,
    frames: [
      `runtime.gopark|${GOROOT}/runtime/proc.go:398`,
      `runtime.chanrecv|${GOROOT}/runtime/chan.go:583`,
      `runtime.chanrecv2|${GOROOT}/runtime/chan.go:447`,
      `${PKG}/feed.(*Subscriber).consume|${MOD}/internal/feed/subscriber.go:88`,
      `${PKG}/feed.(*Hub).Subscribe.func1|${MOD}/internal/feed/hub.go:141`,
    ],
    createdBy: `${PKG}/feed.(*Hub).Subscribe|${MOD}/internal/feed/hub.go:139`,
  },
  {
    share: 0.15,
    state: 'select',
    hasMinutes: true,
    frames: [
      `runtime.gopark|${GOROOT}/runtime/proc.go:398`,
      `runtime.selectgo|${GOROOT}/runtime/select.go:327`,
      `${PKG}/poll.(*Poller).wait|${MOD}/internal/poll/poller.go:57`,
      `${PKG}/poll.(*Poller).run|${MOD}/internal/poll/poller.go:31`,
    ],
    createdBy: `${PKG}/poll.Start|${MOD}/internal/poll/poller.go:22`,
  },
  {
    share: 0.07,
    state: 'IO wait',
    frames: [
      ...NETPOLL_WAIT,
      `internal/poll.(*pollDesc).waitRead|${GOROOT}/internal/poll/fd_poll_runtime.go:89`,
      `internal/poll.(*FD).Read|${GOROOT}/internal/poll/fd_unix.go:164`,
      `net.(*netFD).Read|${GOROOT}/net/fd_posix.go:55`,
      `net.(*conn).Read|${GOROOT}/net/net.go:179`,
      `net/http.(*connReader).Read|${GOROOT}/net/http/server.go:791`,
      `bufio.(*Reader).fill|${GOROOT}/bufio/bufio.go:113`,
      `bufio.(*Reader).Peek|${GOROOT}/bufio/bufio.go:151`,
      `net/http.(*conn).serve|${GOROOT}/net/http/server.go:2044`,
    ],
    createdBy: `net/http.(*Server).Serve|${GOROOT}/net/http/server.go:3086`,
  },
  {
    share: 0.08,
    state: 'sync.Mutex.Lock',
    hasMinutes: true,
    frames: [
      `runtime.gopark|${GOROOT}/runtime/proc.go:398`,
      `runtime.goparkunlock|${GOROOT}/runtime/proc.go:404`,
      `runtime.semacquire1|${GOROOT}/runtime/sema.go:160`,
      `sync.runtime_SemacquireMutex|${GOROOT}/runtime/sema.go:77`,
      `sync.(*Mutex).lockSlow|${GOROOT}/sync/mutex.go:171`,
      `sync.(*Mutex).Lock|${GOROOT}/sync/mutex.go:90`,
      `${PKG}/cache.(*Cache).Get|${MOD}/internal/cache/cache.go:64`,
      `${PKG}/api.(*Server).getOrder|${MOD}/internal/api/orders.go:212`,
    ],
    createdBy: `${PKG}/api.(*Server).dispatch|${MOD}/internal/api/server.go:97`,
  },
  {
    share: 0.04,
    state: 'IO wait',
    frames: [
      ...NETPOLL_WAIT,
      `internal/poll.(*FD).Accept|${GOROOT}/internal/poll/fd_unix.go:611`,
      `net.(*netFD).accept|${GOROOT}/net/fd_unix.go:172`,
      `net.(*TCPListener).accept|${GOROOT}/net/tcpsock_posix.go:152`,
      `net.(*TCPListener).Accept|${GOROOT}/net/tcpsock.go:315`,
      `${PKG}/probe.(*Server).serve|${MOD}/internal/probe/probe.go:44`,
    ],
    createdBy: `${PKG}/probe.Listen|${MOD}/internal/probe/probe.go:30`,
  },
  {
    share: 0.02,
    state: 'syscall',
    isLocked: true,
    frames: [
      `syscall.Syscall|${GOROOT}/syscall/syscall_linux.go:69`,
      `syscall.read|${GOROOT}/syscall/zsyscall_linux_amd64.go:721`,
      `${PKG}/netns.(*Handle).recv|${MOD}/internal/netns/handle.go:73`,
    ],
    createdBy: `${PKG}/netns.Watch|${MOD}/internal/netns/handle.go:40`,
  },
];

const VERBS = [
  'load',
  'store',
  'sync',
  'flush',
  'scan',
  'merge',
  'index',
  'fetch',
  'emit',
  'retry',
];
const NOUNS = ['Order', 'Ledger', 'Batch', 'Index', 'Queue', 'Shard', 'Token', 'Report'];
const STATES = ['chan receive', 'select', 'sleep', 'chan send', 'sync.Cond.Wait', 'runnable'];

/** The paste of a SIGQUIT dump with `count` goroutines. */
export function generateDump(count: number, seed = 1): string {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const hex = () => `0x${Math.floor(rand() * 0xffffffff).toString(16)}`;
  const out: string[] = ['SIGQUIT: quit', 'PC=0x46d141 m=0 sigcode=0', ''];

  const frameLines = (spec: string): string => {
    const [func, place] = spec.split('|');
    const args = func === 'runtime.gopark' ? '0x0?, 0x0?, 0x0?, 0x0?, 0x0?' : `${hex()}, ${hex()}?`;
    return `${func}(${args})\n\t${place} +0x${Math.floor(rand() * 0x400).toString(16)}`;
  };

  for (let id = 1; id <= count; id++) {
    const roll = rand();
    let acc = 0;
    const shape = SHAPES.find((s) => {
      acc += s.share;
      return roll < acc;
    });
    const minutes =
      shape?.hasMinutes && rand() < 0.7 ? `, ${1 + Math.floor(rand() * 90)} minutes` : '';
    const locked = shape?.isLocked ? ', locked to thread' : '';
    const state = shape?.state ?? pick(STATES);
    out.push(`goroutine ${id} [${state}${minutes}${locked}]:`);

    // The rest are small groups: a few hundred distinct stacks of depth 5 to 9.
    const frames = shape?.frames ?? smallStack(rand, pick);
    for (const spec of frames) out.push(frameLines(spec));
    const creator = shape?.createdBy ?? frames.at(-1) ?? '';
    const [func, place] = creator.split('|');
    out.push(`created by ${func} in goroutine ${1 + Math.floor(rand() * id)}`);
    out.push(`\t${place} +0x${Math.floor(rand() * 0x400).toString(16)}`, '');
  }
  return out.join('\n');
}

function smallStack(rand: () => number, pick: <T>(items: readonly T[]) => T): string[] {
  const variant = Math.floor(rand() * 400);
  const noun = NOUNS[variant % NOUNS.length] ?? 'Order';
  const verb = VERBS[Math.floor(variant / NOUNS.length) % VERBS.length] ?? 'load';
  const pkg = `${PKG}/${noun.toLowerCase()}`;
  const file = `${MOD}/internal/${noun.toLowerCase()}/${verb}.go`;
  const frames = [
    `runtime.gopark|${GOROOT}/runtime/proc.go:398`,
    `runtime.selectgo|${GOROOT}/runtime/select.go:327`,
  ];
  const depth = 2 + (variant % 4);
  for (let i = 0; i < depth; i++) {
    const func = `${pkg}.(*${noun}).${verb}${i === 0 ? '' : `.func${i}`}`;
    frames.push(`${func}|${file}:${20 + i * 7 + (variant % 13)}`);
  }
  if (rand() < 0.1) frames.push(pick([`main.main|/home/build/orders/main.go:51`]));
  return frames;
}

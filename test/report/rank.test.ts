// The ranking: suspects first, the likely lock holder named, normal goroutines named normal.
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/render/reply.js';
import type { Group } from '../../src/report/cluster.js';
import { fixture, realDiagnoser } from '../helpers.js';

/** One goroutine block: header, then `func(args)` / `\tfile:line` pairs, then created by. */
function goroutine(id: number, header: string, frames: string[][], createdBy?: string): string {
  const lines = [`goroutine ${id} [${header}]:`];
  for (const [call, place] of frames) lines.push(call ?? '', `\t${place} +0x1d`);
  if (createdBy) lines.push(`created by ${createdBy}`, '\t/src/net/http/server.go:1803 +0x3df');
  return lines.join('\n');
}

function dump(blocks: string[]): string {
  return ['SIGQUIT: quit', 'PC=0x45d6a1 m=0 sigcode=0', '', ...blocks.map((b) => `${b}\n`)].join(
    '\n',
  );
}

function groupsOf(paste: string): Group[] {
  return realDiagnoser().diagnoseSync(paste).details[0]?.groups ?? [];
}

const SERVE = [
  [
    'net/http.HandlerFunc.ServeHTTP(0xabb138, 0x7f59fd69b578, 0xc20896ab00)',
    '/src/net/http/server.go:1317',
  ],
  ['net/http.(*conn).serve(0xc208ce55e0)', '/src/net/http/server.go:1256'],
];

// Modelled on a coordinator hang (golang/go#10698): every request handler waits for one
// mutex in handleReverse while the handler that holds it reads from a slow reverse dial.
function reverseHang(
  waiters: number,
  options: { holder?: boolean; readers?: number } = {},
): string {
  const blocks: string[] = [];
  // Handlers still reading their request, above the Lock call: not holders.
  for (let i = 0; i < (options.readers ?? 0); i++) {
    blocks.push(
      goroutine(
        9000 + i,
        'IO wait',
        [
          ['net.(*conn).Read(0xc20803e2c0, 0xc2088d1000, 0x1000, 0x1000)', '/src/net/net.go:121'],
          [
            'main.handleReverse(0x7f59fd69b578, 0xc208c00000, 0xc208aef000)',
            '/x/cmd/coordinator/reverse.go:320',
          ],
          ...SERVE,
        ],
        'net/http.(*Server).Serve',
      ),
    );
  }
  for (let i = 0; i < waiters; i++) {
    blocks.push(
      goroutine(
        5000 + i,
        `semacquire, ${300 + i} minutes`,
        [
          ['sync.runtime_Semacquire(0xc470ac)', '/src/runtime/sema.go:43'],
          ['sync.(*Mutex).Lock(0xc470a8)', '/src/sync/mutex.go:82'],
          [
            `main.handleReverse(0x7f59fd69b578, 0xc2089${i}0, 0xc208aefee0)`,
            '/x/cmd/coordinator/reverse.go:333',
          ],
          ...SERVE,
        ],
        'net/http.(*Server).Serve',
      ),
    );
  }
  if (options.holder === false) return dump(blocks);
  blocks.push(
    goroutine(
      4242,
      'IO wait, 402 minutes',
      [
        ['net.(*pollDesc).Wait(0xc2087a2a70, 0x72, 0x0, 0x0)', '/src/net/fd_poll_runtime.go:84'],
        [
          'net.(*netFD).Read(0xc2087a2a10, 0xc2088d1000, 0x1000, 0x1000)',
          '/src/net/fd_unix.go:242',
        ],
        ['net.(*conn).Read(0xc20803e2c0, 0xc2088d1000, 0x1000, 0x1000)', '/src/net/net.go:121'],
        ['main.(*reverseBuildlet).handshake(0xc2080fa000)', '/x/cmd/coordinator/reverse.go:410'],
        [
          'main.handleReverse(0x7f59fd69b578, 0xc208b21a00, 0xc208aef000)',
          '/x/cmd/coordinator/reverse.go:361',
        ],
        ...SERVE,
      ],
      'net/http.(*Server).Serve',
    ),
  );
  return dump(blocks);
}

// A cache whose refresh runs on the cache's own mutex while readers pile up behind it.
function busyHolder(): string {
  const blocks: string[] = [];
  for (let i = 0; i < 40; i++) {
    blocks.push(
      goroutine(100 + i, 'sync.Mutex.Lock, 12 minutes', [
        ['sync.runtime_SemacquireMutex(0xc000120004?, 0x0?, 0x1?)', '/go/src/runtime/sema.go:77'],
        ['sync.(*Mutex).lockSlow(0xc000120000)', '/go/src/sync/mutex.go:171'],
        ['sync.(*Mutex).Lock(...)', '/go/src/sync/mutex.go:90'],
        [
          `example.com/svc/cache.(*Cache).Get(0xc000120000, {0xc0004${i}, 0x10})`,
          '/app/cache/cache.go:41',
        ],
        ['example.com/svc/api.(*Server).lookup(0xc00018a000)', '/app/api/lookup.go:22'],
      ]),
    );
  }
  blocks.push(
    goroutine(31, 'running', [
      [
        'hash/crc32.update(0x0?, 0xc000190000?, {0xc0b000000?, 0x400000?, 0x400000?})',
        '/go/src/hash/crc32/crc32_generic.go:43',
      ],
      ['example.com/svc/cache.checksum(...)', '/app/cache/cache.go:97'],
      ['example.com/svc/cache.(*Cache).refreshLocked(0xc000120000)', '/app/cache/cache.go:88'],
      ['example.com/svc/cache.(*Cache).Refresh(0xc000120000)', '/app/cache/cache.go:70'],
    ]),
  );
  return dump(blocks);
}

// A healthy HTTP service: idle server and client keep-alive connections, runtime workers,
// a signal.Notify loop and main waiting in select {}.
function idleService(): string {
  const blocks: string[] = [
    goroutine(1, 'select (no cases), 90 minutes', [['main.main()', '/app/main.go:60']]),
    goroutine(2, 'force gc (idle), 90 minutes', [
      ['runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)', '/go/src/runtime/proc.go:398'],
      ['runtime.forcegchelper()', '/go/src/runtime/proc.go:322'],
    ]),
    goroutine(3, 'syscall, 90 minutes', [
      ['os/signal.signal_recv()', '/go/src/runtime/sigqueue.go:152'],
      ['os/signal.loop()', '/go/src/os/signal/signal_unix.go:23'],
    ]),
  ];
  const read = [
    ['internal/poll.runtime_pollWait(0x7f3a, 0x72)', '/go/src/runtime/netpoll.go:343'],
    [
      'internal/poll.(*FD).Read(0xc000190000, {0xc0001a8000, 0x1000, 0x1000})',
      '/go/src/internal/poll/fd_unix.go:164',
    ],
    [
      'net.(*conn).Read(0xc00009a000, {0xc0001a8000?, 0xc00012bd60?, 0x4a0a45?})',
      '/go/src/net/net.go:179',
    ],
  ];
  for (let i = 0; i < 200; i++) {
    blocks.push(
      goroutine(
        100 + i,
        `IO wait, ${i % 60} minutes`,
        [
          ...read,
          [
            'net/http.(*connReader).Read(0xc0000b4000, {0xc0001a8000, 0x1000, 0x1000})',
            '/go/src/net/http/server.go:791',
          ],
          ['bufio.(*Reader).fill(0xc0000b6000)', '/go/src/bufio/bufio.go:113'],
          ['bufio.(*Reader).Peek(0xc0000b6000, 0x4)', '/go/src/bufio/bufio.go:151'],
          [
            'net/http.(*conn).serve(0xc0000c2000, {0x7f7a40, 0xc0000a4000})',
            '/go/src/net/http/server.go:2044',
          ],
        ],
        'net/http.(*Server).Serve in goroutine 1',
      ),
    );
  }
  for (let i = 0; i < 40; i++) {
    blocks.push(
      goroutine(
        400 + i,
        'IO wait',
        [
          ...read,
          [
            'net/http.(*persistConn).Read(0xc0002a0000, {0xc0002b0000?, 0x4?, 0x4?})',
            '/go/src/net/http/transport.go:1943',
          ],
          ['bufio.(*Reader).Peek(0xc0002b8000, 0x1)', '/go/src/bufio/bufio.go:151'],
          ['net/http.(*persistConn).readLoop(0xc0002a0000)', '/go/src/net/http/transport.go:2107'],
        ],
        'net/http.(*Transport).dialConn in goroutine 12',
      ),
      goroutine(
        500 + i,
        'select',
        [
          ['runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)', '/go/src/runtime/proc.go:398'],
          [
            'runtime.selectgo(0xc000059f90, 0xc000059f70, 0x0?, 0x0, 0x0?, 0x1)',
            '/go/src/runtime/select.go:327',
          ],
          ['net/http.(*persistConn).writeLoop(0xc0002a0000)', '/go/src/net/http/transport.go:2410'],
        ],
        'net/http.(*Transport).dialConn in goroutine 12',
      ),
    );
  }
  return dump(blocks);
}

describe('the likely lock holder', () => {
  it('names the goroutine blocked in I/O inside the function the waiters lock in', () => {
    const groups = groupsOf(reverseHang(30));
    expect(groups[0]).toMatchObject({ role: 'lock-holder', state: 'IO wait', count: 1 });
    expect(groups[0]?.note).toContain('goroutine 4242');
    expect(groups[0]?.note).toContain('main.handleReverse');
    expect(groups[1]).toMatchObject({ role: 'suspect', count: 30, state: 'semacquire' });
  });

  it('does not name goroutines that have not reached the Lock call yet', () => {
    const groups = groupsOf(reverseHang(30, { holder: false, readers: 1 }));
    expect(groups.some((g) => g.role === 'lock-holder')).toBe(false);
    const withHolder = groupsOf(reverseHang(30, { readers: 6 }));
    expect(withHolder[0]?.note).toContain('goroutine 4242');
    expect(withHolder[0]?.note).toContain('past its Lock (line 361)');
  });

  it('names a running goroutine working on the same object the waiters lock', () => {
    const groups = groupsOf(busyHolder());
    const holder = groups.find((g) => g.role === 'lock-holder');
    expect(holder).toMatchObject({ state: 'running', top: 'example.com/svc/cache.checksum' });
    expect(holder?.note).toContain('same object');
  });

  it('says so when the holder is not in the paste (reported/101, an excerpt)', () => {
    const diagnosis = realDiagnoser().diagnoseSync(
      fixture('reported/101-goroutine-leak-semacquire.txt'),
    );
    const groups = diagnosis.details[0]?.groups ?? [];
    expect(groups.some((g) => g.role === 'lock-holder')).toBe(false);
    expect(groups.every((g) => g.role === 'suspect')).toBe(true);
    expect(diagnosis.details[0]?.facts.lockWaiters).toBe(2);
    const context = renderReply(diagnosis).context.join('\n');
    expect(context).toContain('no goroutine in this paste is visibly inside that code');
  });

  it('does not make up a holder for a mutex main locked and never unlocked', () => {
    const groups = groupsOf(fixture('generated/goroutine-leak-sigquit.txt'));
    expect(groups.some((g) => g.role === 'lock-holder')).toBe(false);
    expect(groups.find((g) => g.top === 'main.(*Ledger).append')?.note).toContain(
      'no holder visible',
    );
  });
});

describe('normal goroutines', () => {
  it('calls idle keep-alive connections, runtime workers and signal loops normal, not a leak', () => {
    const diagnosis = realDiagnoser().diagnoseSync(idleService());
    const groups = diagnosis.details[0]?.groups ?? [];
    const server = groups.find((g) => g.top === 'net/http.(*conn).serve');
    expect(server).toMatchObject({ count: 200, role: 'normal' });
    expect(server?.note).toBe('normal: idle keep-alive connection (server)');
    expect(groups.find((g) => g.top === 'net/http.(*persistConn).readLoop')?.role).toBe('normal');
    expect(groups.find((g) => g.top === 'net/http.(*persistConn).writeLoop')?.role).toBe('normal');
    expect(groups.find((g) => g.top === 'runtime.forcegchelper')?.role).toBe('normal');
    expect(groups.find((g) => g.top === 'os/signal.loop')?.role).toBe('normal');
    expect(groups.find((g) => g.top === 'main.main')?.note).toBe(
      'normal: main blocks in select {}',
    );
    expect(groups.some((g) => g.role === 'suspect')).toBe(false);
    expect(diagnosis.candidates.map((c) => c.entry.id)).not.toContain('goroutine-leak');
  });

  it('counts goleak stacks as leaked: goleak already decided they outlived the test', () => {
    const groups = groupsOf(fixture('reported/099-goroutine-leak.txt'));
    expect(groups[0]).toMatchObject({ count: 2, role: 'suspect', state: 'chan receive' });
  });

  it('ranks the leak groups before the normal ones and names them', () => {
    const groups = groupsOf(fixture('generated/goroutine-leak-pprof-debug2.txt'));
    const firstNormal = groups.findIndex((g) => g.role === 'normal');
    const lastSuspect = groups.map((g) => g.role).lastIndexOf('suspect');
    expect(lastSuspect).toBeLessThan(firstNormal);
    expect(groups.filter((g) => g.role === 'normal').map((g) => g.note)).toContain(
      'normal: idle keep-alive connection (client)',
    );
  });
});

describe('the reply for a dump', () => {
  it('shows the ranked groups with their notes and a summary line', () => {
    const reply = renderReply(realDiagnoser().diagnoseSync(reverseHang(12)));
    expect(reply.groups[0]?.note).toMatch(/^likely lock holder/);
    expect(reply.groups[1]).toMatchObject({ count: 12, state: 'semacquire' });
    expect(reply.context.join('\n')).toContain('**Lock holder:** likely (goroutine 4242');
  });
});

// The forms a line of Go crash output can take, with the fields each carries.
import type { RaceLocation } from './types.js';

/**
 * What one cleaned line is. The parser's states (see machine.ts) decide what each form means
 * in context; this module only names the form and pulls out its fields.
 */
export type LineForm =
  | { form: 'blank' }
  /** `panic: V`, `\tpanic: V [recovered]`; also `panic: test timed out after 10m0s`. */
  | { form: 'panic'; value: string; isNested: boolean; isRecovered: boolean; isRepanicked: boolean }
  /** `fatal error: all goroutines are asleep - deadlock!` */
  | { form: 'fatal'; value: string }
  /** `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]` */
  | { form: 'signal-bracket'; name: string; code?: string; addr?: string; pc?: string }
  /** `SIGSEGV: segmentation violation` followed by `PC=0x… m=0 sigcode=1`: a fatal signal. */
  | { form: 'signal-fatal'; name: string }
  | { form: 'signal-pc'; addr?: string }
  | { form: 'cgo-signal' }
  /** `unexpected fault address 0xc000100000` (before `fatal error: fault`). */
  | { form: 'fault-address'; addr: string }
  /** `goroutine 7 [chan receive, 3 minutes, locked to thread]:` (and gp=/m= forms). */
  | {
      form: 'goroutine';
      id: number;
      state: string;
      waitMinutes?: number;
      isLockedToThread: boolean;
    }
  /** `main.(*T).M(0xc000010000, {0x4b8385?, 0x3})` */
  | { form: 'frame'; func: string; args: string }
  /** `\t/home/u/main.go:12 +0x1d` */
  | { form: 'file'; file: string; line: number }
  /** `created by main.start in goroutine 1` */
  | { form: 'created-by'; func: string; parentId?: number }
  | { form: 'elided' }
  | { form: 'stack-unavailable' }
  | { form: 'runtime-stack' }
  | { form: 'race-banner' }
  /** `Read at 0x00c0000a0 by goroutine 7:` / `Previous write at … by main goroutine:` */
  | {
      form: 'race-access';
      op: 'read' | 'write';
      isPrevious: boolean;
      /** Absent in reports before go1.3 (`Read by goroutine 13:`). */
      addr?: string;
      goroutine?: number;
    }
  /** `Goroutine 7 (running) created at:` */
  | { form: 'race-creator'; goroutine: number }
  | { form: 'race-failed-stack' }
  /**
   * Where the raced-on variable lives: `Global var counter of size 8 at 0x… declared at
   * /x/main.go:9`, or `Heap block of size 16 at 0x… allocated by goroutine 6:` and a stack.
   */
  | ({ form: 'race-location' } & Omit<RaceLocation, 'frames' | 'line'>)
  /** goleak: `[Goroutine 12 in state chan receive, with main.f on top of the stack:` */
  | { form: 'goleak-goroutine' }
  /** `SCHED 1000ms: gomaxprocs=4 idleprocs=0 threads=6 …` */
  | { form: 'sched'; ms: number; fields: Map<string, string>; local: number[] }
  /**
   * scheddetail lines: `  P0: status=1 …`, `  M3: … lockedg=12`,
   * `  G1: status=4(chan receive) …`.
   */
  | { form: 'sched-detail'; which: 'P' | 'M' | 'G'; id: number; fields: Map<string, string> }
  | { form: 'profile-header'; total: number }
  /** `1000 @ 0x43b296 0x407e9b …` */
  | { form: 'profile-group'; count: number }
  /** `#\t0x6a384c\tmain.(*Subscriber).consume+0xcc\t/home/u/main.go:36` */
  | { form: 'profile-frame'; func: string; file: string; line: number }
  /** `# example.com/pkg` before compiler output. */
  | { form: 'compile-package'; pkg: string }
  /** `./main.go:12:3: x declared and not used` */
  | { form: 'compile-error'; text: string; isIce: boolean }
  | { form: 'ice'; text: string }
  | { form: 'goleak' }
  /** `2020/01/27 03:34:59 http: panic serving 127.0.0.1:54063: value` */
  | { form: 'http-panic'; value: string }
  | { form: 'running-tests' }
  /** A recovered panic value logged by a framework or middleware, not by the runtime. */
  | { form: 'logged-panic'; value: string }
  /** `signal: killed` from go run / go test: the child died of a signal. */
  | { form: 'child-signal'; name: string }
  | { form: 'other'; text: string };

// Says whose code a frame belongs to: the program's own, a dependency, the standard library
// or the Go runtime.
import type { CrashReport, Frame } from './types.js';

export type OwnerKind = 'main-module' | 'dependency' | 'stdlib' | 'runtime';

export interface Owner {
  kind: OwnerKind;
  /** Module path for dependencies (`github.com/spf13/cobra`), package path otherwise. */
  module: string;
  /** Module version when the file path shows it (`/pkg/mod/…@v1.2.3/`). */
  version?: string;
  frame: Frame;
}

const MOD_PATH = /\/pkg\/mod\/(.+?)@(v[^/]+)\//;

/** Owner of one frame, read from its package path and, when present, its file path. */
export function ownerOfFrame(frame: Frame): Owner {
  if (frame.isRuntime) return { kind: 'runtime', module: frame.pkg, frame };
  if (frame.isStdlib) return { kind: 'stdlib', module: frame.pkg, frame };

  const mod = frame.file ? MOD_PATH.exec(frame.file) : null;
  if (mod) {
    // Module paths in the module cache escape upper case as `!x`.
    const module = (mod[1] ?? '').replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
    return { kind: 'dependency', module, version: mod[2], frame };
  }
  if (frame.file?.includes('/vendor/')) {
    const module = frame.file.split('/vendor/')[1]?.split('/').slice(0, 3).join('/') ?? frame.pkg;
    return { kind: 'dependency', module, frame };
  }
  return { kind: 'main-module', module: frame.pkg, frame };
}

/** Owner of the top frame of the crashing goroutine that is not in the runtime. */
export function ownerOfCrash(report: CrashReport): Owner | undefined {
  const g = report.goroutines[report.crashing ?? 0];
  const frame = g?.frames.find((f) => !f.isRuntime && f.func !== 'panic');
  return frame ? ownerOfFrame(frame) : undefined;
}

/** The first frame of the crashing goroutine in the program's own code, if any. */
export function firstOwnFrame(report: CrashReport): Frame | undefined {
  const g = report.goroutines[report.crashing ?? 0];
  return g?.frames.find((f) => ownerOfFrame(f).kind === 'main-module');
}

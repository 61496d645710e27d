// Reads the Go version a paste was produced with, from paths and version strings in it.
import type { PasteLine } from './types.js';

export interface GoVersion {
  /** Exact release when the paste names one, e.g. `go1.24.1`. */
  version?: string;
  /** Otherwise (or also) the range the output format allows, e.g. `>=go1.21`. */
  range?: string;
  /** What the version or range was read from. */
  evidence: { line: number; text: string; reason: string }[];
}

// `go version go1.24.1 linux/amd64`, `/usr/local/go1.24.1/src`, `sdk/go1.24.1`,
// `toolchain@v0.0.1-go1.24.1.linux-amd64`, and Debian's `/usr/lib/go-1.19/`.
const EXPLICIT = /(?:^|[^\w])go-?(1\.\d{1,2}(?:\.\d{1,2}|rc\d|beta\d)?)(?=[^\w.]|\.[a-z]|$)/;

/** Finds the first explicit Go release named in the lines; never throws. */
export function detectGoVersion(lines: readonly PasteLine[]): GoVersion {
  const evidence: GoVersion['evidence'] = [];
  for (const l of lines) {
    if (!l.text.includes('go')) continue;
    const m = EXPLICIT.exec(l.text);
    if (!m) continue;
    const version = `go${m[1]}`;
    evidence.push({ line: l.line, text: l.text.trim().slice(0, 200), reason: 'named in the paste' });
    return { version, evidence };
  }
  return { evidence };
}

/** Compares two `go1.N[.P]` strings; a bare `go1.N` sorts before `go1.N.0`. */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => v.replace(/^go/, '').split(/[.]/).map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

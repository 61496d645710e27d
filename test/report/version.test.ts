// The Go version (or range) of a paste, read from named releases and from the output format.
import { describe, expect, it } from 'vitest';
import { extractLines } from '../../src/report/extract.js';
import type { PasteLine } from '../../src/report/types.js';
import { compareGoVersions, detectGoVersion, versionSpan } from '../../src/report/version.js';
import { fixture } from '../helpers.js';

function linesOf(paste: string): PasteLine[] {
  const extracted = extractLines(paste);
  if (!extracted.ok) throw new Error(extracted.notice);
  return extracted.lines;
}

const detect = (paste: string) => detectGoVersion(linesOf(paste));
const detectFixture = (path: string) => detect(fixture(path));

const FRAME = 'main.main()\n';

describe('detectGoVersion: releases named in the paste', () => {
  it.each([
    ['go version go1.24.1 linux/amd64', 'go1.24.1'],
    ['go version go1.20 darwin/arm64', 'go1.20'],
    [`${FRAME}\t/usr/local/go1.24.1/src/runtime/panic.go:115 +0x1d`, 'go1.24.1'],
    [`${FRAME}\tC:/Users/me/sdk/go1.22.3/src/net/http/server.go:3210 +0x4d`, 'go1.22.3'],
    [
      `${FRAME}\t/root/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.2.linux-amd64/src/runtime/proc.go:435 +0xce`,
      'go1.24.2',
    ],
    [
      `${FRAME}\t/opt/homebrew/Cellar/go/1.24.1/libexec/src/database/sql/sql.go:63 +0x128`,
      'go1.24.1',
    ],
    ["GOVERSION='go1.24.2'", 'go1.24.2'],
    ['2025/01/02 10:00:00 starting, built with runtime.Version()=go1.23.4', 'go1.23.4'],
    [' Go version:        go1.21.6', 'go1.21.6'],
    ['toolchain go1.24.3', 'go1.24.3'],
  ])('reads %j as %s', (paste, version) => {
    expect(detect(paste).version).toBe(version);
  });

  it('reads a Debian GOROOT as a family, not a release', () => {
    const v = detectFixture('generated/deadlock-waitgroup.txt');
    expect(v.version).toBeUndefined();
    expect(v.range).toBe('go1.19.x');
    expect(v.evidence[0]?.text).toContain('/usr/lib/go-1.19/');
  });

  it('makes a family exact when a release of it is named too', () => {
    const paste = `go version go1.19.8 linux/amd64\n${FRAME}\t/usr/lib/go-1.19/src/sync/mutex.go:84 +0x1a`;
    expect(detect(paste).version).toBe('go1.19.8');
  });

  it('prefers the GOROOT of the frames to a go version line pasted alongside', () => {
    const paste = `go version go1.25.0 linux/amd64\n\n${FRAME}\t/usr/local/go1.24.2/src/runtime/proc.go:435 +0xce`;
    const v = detect(paste);
    expect(v.version).toBe('go1.24.2');
    expect(v.evidence[0]?.reason).toContain('GOROOT');
  });

  it('ignores go1.x inside a module path, a directory name or an identifier', () => {
    const paste = [
      'main.main()',
      '\t/home/u/go/pkg/mod/github.com/acme/go1.20compat@v1.0.0/src/x.go:3 +0x1',
      'github.com/acme/go1.21-shim.F()',
      '\t/home/u/src/go1.24.1-experiments/main.go:9 +0x2',
      'see https://go.dev/doc/go1.22',
    ].join('\n');
    expect(detect(paste)).toEqual({ evidence: [] });
  });

  it('ignores prose that names two releases', () => {
    const v = detect('worked on go1.23.4, crashes since go1.24.1\n');
    expect(v.version).toBeUndefined();
  });

  it('takes one exact release named in prose', () => {
    expect(detect('we run go1.24.1 in production\n').version).toBe('go1.24.1');
  });
});

describe('detectGoVersion: ranges from the output format (traceback-format.md)', () => {
  it.each([
    ['created by main.main in goroutine 1\n\t/x/main.go:5 +0x25', '>=go1.21'],
    ['goroutine 1 gp=0xc000002380 m=0 mp=0x5a1b20 [running]:', '>=go1.22'],
    ['panic: boom [recovered, repanicked]', '>=go1.25'],
    ['panic: first line\n\tsecond line\n\ngoroutine 1 [running]:', '>=go1.23'],
    ['internal/runtime/maps.fatal({0x4c0f3e?, 0x4?})', '>=go1.24'],
    ['runtime.fatal({0x4b8cfc?, 0x0?})', '>=go1.19'],
    ['...12 frames elided...', '>=go1.21'],
    ['goroutine 1 [running]:\nmain.f(...)\n...additional frames elided...', '<=go1.20'],
    ['main.f(0xc000010000?, {0x4b8385?, 0x3})', '>=go1.18'],
    ['goroutine 7 [sync.WaitGroup.Wait]:', '>=go1.24'],
    ['goroutine 7 [sync.Mutex.Lock, 3 minutes]:', '>=go1.20'],
    ['goroutine 7 [timer goroutine (idle)]:', '<=go1.19'],
    ['goroutine 7 [chan receive (synctest), synctest group 6]:', 'go1.24.x'],
    ['goroutine 7 [chan receive (durable), synctest bubble 6]:', '>=go1.25'],
    ['goroutine 7 [running] {"k": "v"}:', '>=go1.27'],
    ['panic: panic called with nil argument', '>=go1.21'],
  ])('reads %j as %s', (paste, range) => {
    const v = detect(paste);
    expect(v.version).toBeUndefined();
    expect(v.range).toBe(range);
    expect(v.evidence.length).toBeGreaterThan(0);
  });

  it('combines clues into the narrowest range', () => {
    const paste =
      'goroutine 1 gp=0xc000002380 m=0 mp=0x5a1b20 [running]:\n...additional frames elided...';
    expect(detect(paste).range).toBeUndefined();
    const both =
      'goroutine 9 [sync.Mutex.Lock]:\ngoroutine 1 [running]:\nmain.f(...)\n...additional frames elided...';
    expect(detect(both).range).toBe('go1.20.x');
  });

  it('does not count additional frames elided inside tracebackancestors output', () => {
    const paste = [
      'goroutine 6 [running]:',
      'main.f()',
      '\t/x/main.go:9 +0x1',
      '[originating from goroutine 1]:',
      'main.main()',
      '...additional frames elided...',
    ].join('\n');
    expect(detect(paste).range).toBeUndefined();
  });

  it('does not read tabs typed by the user before go1.23 as the go1.23 indent when chat ate them', () => {
    expect(
      detect('panic: first line\n    second line\n\ngoroutine 1 [running]:').range,
    ).toBeUndefined();
  });

  it('keeps pre-go1.23 multi-line values without a range', () => {
    expect(detectFixture('generated/panic-nested-wrapped-error.txt').range).toBeUndefined();
  });

  it('reports the conflict when the format contradicts the named release', () => {
    const paste = `go version go1.20.3 linux/amd64\ncreated by main.main in goroutine 1`;
    const v = detect(paste);
    expect(v.version).toBe('go1.20.3');
    expect(v.evidence[1]?.reason).toContain('conflicts');
  });
});

describe('detectGoVersion over the fixtures (INDEX.tsv notes)', () => {
  it.each([
    ['reported/131-panic-in-init.txt', 'go1.24.1'],
    ['reported/127-recovered-repanicked.txt', 'go1.25.3'],
    ['reported/160-runtime-internal-throw.txt', 'go1.21.0'],
    ['reported/047-stack-overflow.txt', 'go1.13'],
    ['reported/148-concurrent-map-writes.txt', 'go1.16.3'],
    ['chat/043-nil-deref-windows-inline-backticks-powershell.txt', 'go1.19.5'],
  ])('%s is %s', (path, version) => {
    expect(detectFixture(path).version).toBe(version);
  });

  it.each([
    ['reported/008-concurrent-map-iteration-write.txt', '>=go1.24'],
    ['reported/063-cgo-unexpected-signal.txt', '>=go1.22'],
    ['reported/155-runtime-internal-throw.txt', '>=go1.22'],
    ['reported/011-concurrent-map-iteration-write.txt', 'go1.18.x'],
    ['reported/007-concurrent-map-read-write.txt', '>=go1.18'],
  ])('%s is %s', (path, range) => {
    expect(detectFixture(path).range).toBe(range);
  });

  it('finds nothing in pre-go1.18 output without paths', () => {
    expect(detectFixture('reported/029-nil-map-assignment.txt')).toEqual({ evidence: [] });
  });
});

describe('compareGoVersions and versionSpan', () => {
  it('orders releases, a bare go1.N before go1.N.0', () => {
    expect(compareGoVersions('go1.24.2', 'go1.24.3')).toBeLessThan(0);
    expect(compareGoVersions('go1.25', 'go1.24.9')).toBeGreaterThan(0);
    expect(compareGoVersions('go1.21', 'go1.21.0')).toBeLessThan(0);
  });

  it('turns versions and ranges into low and high releases', () => {
    expect(versionSpan({ version: 'go1.24.2', evidence: [] })).toEqual({
      low: 'go1.24.2',
      high: 'go1.24.2',
    });
    expect(versionSpan({ range: '>=go1.22', evidence: [] })).toEqual({ low: 'go1.22' });
    expect(versionSpan({ range: '<=go1.20', evidence: [] })).toEqual({ high: 'go1.20.99' });
    expect(versionSpan({ range: 'go1.19.x', evidence: [] })).toEqual({
      low: 'go1.19',
      high: 'go1.19.99',
    });
    expect(versionSpan({ range: 'go1.21–go1.22', evidence: [] })).toEqual({
      low: 'go1.21',
      high: 'go1.22.99',
    });
    expect(versionSpan({ evidence: [] })).toEqual({});
  });
});

// Whose code a crash is in, and whether that makes it the user's, a dependency's or Go's bug.
import { describe, expect, it } from 'vitest';
import { makeFrame } from '../../src/report/builder.js';
import { readPaste } from '../../src/report/index.js';
import { isStdlibPackage, ownerOfCrash, ownerOfFrame, placeCrash } from '../../src/report/owner.js';
import type { CrashReport } from '../../src/report/types.js';
import { fixture } from '../helpers.js';

function frame(func: string, file?: string) {
  const f = makeFrame(func, '', 1);
  if (file) f.file = file;
  return f;
}

function reportOf(paste: string): CrashReport {
  const read = readPaste(paste);
  if (!read.ok || !read.reports[0]) throw new Error('no report');
  return read.reports[0];
}

describe('ownerOfFrame', () => {
  it('reads module and version from the module cache, unescaping upper case', () => {
    const owner = ownerOfFrame(
      frame(
        'github.com/Azure/go-autorest/autorest.Send',
        '/home/u/go/pkg/mod/github.com/!azure/go-autorest/autorest@v0.11.29/sender.go:80',
      ),
    );
    expect(owner).toMatchObject({
      kind: 'dependency',
      module: 'github.com/Azure/go-autorest/autorest',
      version: 'v0.11.29',
      via: 'module-cache',
    });
  });

  it('reads module and version from a -trimpath path', () => {
    const owner = ownerOfFrame(
      frame(
        'github.com/rivo/tview.(*Application).Run',
        'github.com/rivo/tview@v0.0.0-2021/application.go:250',
      ),
    );
    expect(owner).toMatchObject({
      kind: 'dependency',
      module: 'github.com/rivo/tview',
      via: 'trimpath',
    });
  });

  it('names vendored and Bazel dependencies by their package path', () => {
    const vendored = ownerOfFrame(
      frame(
        'github.com/spf13/cobra/v2.(*Command).execute',
        '/src/app/vendor/github.com/spf13/cobra/v2/command.go:9',
      ),
    );
    expect(vendored).toMatchObject({
      kind: 'dependency',
      module: 'github.com/spf13/cobra/v2',
      via: 'vendor',
      isModuleGuessed: true,
    });
    const bazel = ownerOfFrame(
      frame(
        'github.com/spaolacci/murmur3.Sum32WithSeed',
        'external/com_github_spaolacci_murmur3/murmur32.go:129',
      ),
    );
    expect(bazel).toMatchObject({
      kind: 'dependency',
      module: 'github.com/spaolacci/murmur3',
      via: 'bazel',
    });
    expect(
      ownerOfFrame(
        frame('go.uber.org/zap.(*Logger).Fatal', 'external/org_uber_go_zap/logger.go:1'),
      ),
    ).toMatchObject({
      module: 'go.uber.org/zap',
    });
  });

  it('tells the standard library and the runtime from a dot-less module of the program', () => {
    expect(
      ownerOfFrame(frame('net/http.(*conn).serve', '/usr/local/go/src/net/http/server.go:1')),
    ).toMatchObject({
      kind: 'stdlib',
      module: 'net/http',
    });
    expect(ownerOfFrame(frame('runtime.mapassign_faststr'))).toMatchObject({ kind: 'runtime' });
    expect(ownerOfFrame(frame('internal/runtime/maps.fatal'))).toMatchObject({ kind: 'runtime' });
    expect(
      ownerOfFrame(frame('myapp/internal/db.Open', '/home/u/myapp/internal/db/db.go:12')),
    ).toMatchObject({
      kind: 'main-module',
      module: 'myapp/internal/db',
    });
    expect(isStdlibPackage('vendor/golang.org/x/net/http2/hpack')).toBe(true);
    expect(isStdlibPackage('github.com/x/y')).toBe(false);
  });
});

describe('placeCrash', () => {
  it('blames the dependency that called into the standard library (reported/131)', () => {
    const report = reportOf(fixture('reported/131-panic-in-init.txt'));
    const placement = placeCrash(report);
    expect(placement?.top).toMatchObject({ kind: 'stdlib', module: 'database/sql' });
    expect(placement?.caller).toMatchObject({
      kind: 'dependency',
      module: 'github.com/ncruces/go-sqlite3',
      version: 'v0.25.1',
    });
    expect(placement?.blame).toBe('dependency');
    expect(placement?.note).toContain('not where the bug is');
  });

  it('blames the program for a runtime panic raised under its misuse', () => {
    const report = reportOf(fixture('generated/close-of-closed-channel.txt'));
    const placement = placeCrash(report);
    expect(placement?.blame).toBe('your-code');
    expect(placement?.caller?.kind).toBe('main-module');
  });

  it('places a re-raised panic at the first panic, not in the handler that re-raised it', () => {
    const report = reportOf(fixture('generated/test-panic.txt'));
    expect(ownerOfCrash(report)?.frame.func).toBe('example.com/app.ParseKV');
    expect(placeCrash(report)?.blame).toBe('your-code');
  });

  it('says it is unclear when only runtime frames are on the stack', () => {
    const paste = [
      'fatal error: schedule: holding locks',
      '',
      'goroutine 1 gp=0xc000002380 m=0 mp=0x5a1b20 [running]:',
      'runtime.throw({0x4b2c1e?, 0x0?})',
      '\t/usr/local/go/src/runtime/panic.go:1101 +0x48 fp=0xc00004e718 sp=0xc00004e6e8 pc=0x466be8',
      'runtime.schedule()',
      '\t/usr/local/go/src/runtime/proc.go:3992 +0x1c fp=0xc00004e750 sp=0xc00004e718 pc=0x43c6dc',
    ].join('\n');
    const placement = placeCrash(reportOf(paste));
    expect(placement?.blame).toBe('unclear');
    expect(placement?.note).toContain('Go bug');
  });

  it('blames Go for a confirmed known Go bug and for an internal compiler error', () => {
    const report = reportOf(fixture('generated/close-of-closed-channel.txt'));
    expect(placeCrash(report, { isGoBug: true })?.blame).toBe('go');
    const ice = reportOf(fixture('reported/119-internal-compiler-error.txt'));
    expect(placeCrash(ice)?.blame).toBe('go');
  });

  it('places a data race at its first access', () => {
    const report = reportOf(fixture('generated/data-race.txt'));
    expect(ownerOfCrash(report)?.kind).toBe('main-module');
  });

  it('has no single placement for a goroutine dump', () => {
    expect(placeCrash(reportOf(fixture('generated/goroutine-leak-sigquit.txt')))).toBeUndefined();
  });
});

// Known Go bugs: a paste from an affected release gets the bug and its fix release; a paste
// from a fixed release does not, and the reply says why.
import { describe, expect, it } from 'vitest';
import { diagnosisToJson } from '../../src/render/json.js';
import { renderReply } from '../../src/render/reply.js';
import { fixture, realDiagnoser } from '../helpers.js';

const VGETRANDOM = 'vgetrandom-locked-thread-exit';

function diagnose(path: string) {
  return realDiagnoser().diagnoseSync(fixture(`known-bugs/${path}`));
}

describe('golang/go#73141: SIGSEGV in vgetrandomPutState after a locked thread exits', () => {
  it('diagnoses the go1.24.2 paste as the bug, fixed in go1.24.3', () => {
    const diagnosis = diagnose('vgetrandom-go1.24.2.txt');
    expect(diagnosis.goVersion.version).toBe('go1.24.2');
    const best = diagnosis.candidates[0];
    expect(best?.entry.id).toBe(VGETRANDOM);
    expect(best?.entry.goBug).toEqual({ issue: 73141, introduced: 'go1.24.0', fixed: 'go1.24.3' });
    expect(best?.confidence).toBe('high');
    expect(best?.versionNote).toContain('upgrade to go1.24.3');

    const reply = renderReply(diagnosis);
    expect(reply.entryId).toBe(VGETRANDOM);
    expect(reply.summary).toContain('go1.24.3');
    expect(reply.context.join('\n')).toContain('known Go bug');
  });

  it('does not diagnose the same paste from go1.24.4 as the bug, and says it is unlikely', () => {
    const diagnosis = diagnose('vgetrandom-go1.24.4.txt');
    expect(diagnosis.goVersion.version).toBe('go1.24.4');
    expect(diagnosis.candidates.map((c) => c.entry.id)).not.toContain(VGETRANDOM);
    expect(diagnosis.ruledOut?.map((r) => r.entry.id)).toEqual([VGETRANDOM]);
    expect(diagnosis.ruledOut?.[0]?.note).toContain('fixed in go1.24.3');

    const reply = renderReply(diagnosis);
    expect(reply.entryId).not.toBe(VGETRANDOM);
    expect(reply.context.join('\n')).toMatch(/Not this Go bug:.*unlikely/);
  });

  it('offers the bug without certainty when the paste does not show the version', () => {
    const paste = fixture('known-bugs/vgetrandom-go1.24.2.txt').replaceAll('/go1.24.2/', '/go/');
    const diagnosis = realDiagnoser().diagnoseSync(paste);
    expect(diagnosis.goVersion.version).toBeUndefined();
    const best = diagnosis.candidates[0];
    expect(best?.entry.id).toBe(VGETRANDOM);
    expect(best?.confidence).toBe('medium');
    expect(best?.versionNote).toContain('go version -m');
  });

  it('rules the bug out for a release before it existed', () => {
    const paste = fixture('known-bugs/vgetrandom-go1.24.2.txt').replaceAll('go1.24.2', 'go1.23.6');
    const diagnosis = realDiagnoser().diagnoseSync(paste);
    expect(diagnosis.ruledOut?.[0]?.note).toContain('introduced in go1.24.0');
  });

  it('puts version, range evidence, owner and ruled-out bugs in the JSON', () => {
    const json = diagnosisToJson(diagnose('vgetrandom-go1.24.4.txt')) as {
      reports: { goVersion: string; goVersionEvidence: { reason: string }[]; placement: unknown }[];
      ruledOut: { id: string; goBug: { fixed: string }; note: string }[];
    };
    expect(json.reports[0]?.goVersion).toBe('go1.24.4');
    expect(json.reports[0]?.goVersionEvidence[0]?.reason).toContain('GOROOT');
    expect(json.reports[0]?.placement).toMatchObject({ blame: 'unclear' });
    expect(json.ruledOut[0]).toMatchObject({ id: VGETRANDOM, goBug: { fixed: 'go1.24.3' } });
  });
});

describe('go1.24.x compiler failures (FACTCHECK section n)', () => {
  it('diagnoses the go1.24.0 compiler stack overflow as golang/go#71680', () => {
    const diagnosis = diagnose('compiler-stack-overflow-go1.24.0.txt');
    expect(diagnosis.candidates[0]?.entry.id).toBe('compiler-closure-inlining-stack-overflow');
    expect(diagnosis.candidates[0]?.versionNote).toContain('go1.24.1');
    expect(renderReply(diagnosis).context.join('\n')).toContain('Go toolchain');
  });

  it('falls back to the plain stack overflow from go1.24.1 on', () => {
    const diagnosis = diagnose('compiler-stack-overflow-go1.24.1.txt');
    expect(diagnosis.candidates[0]?.entry.id).toBe('stack-overflow');
    expect(diagnosis.ruledOut?.[0]?.entry.id).toBe('compiler-closure-inlining-stack-overflow');
  });

  it('diagnoses a go1.24.1 compiler OOM as golang/go#72063 at medium confidence', () => {
    const diagnosis = diagnose('compiler-oom-go1.24.1.txt');
    expect(diagnosis.candidates[0]?.entry.id).toBe('compiler-out-of-memory-go124');
    expect(diagnosis.candidates[0]?.confidence).toBe('medium');
    const fixed = diagnose('compiler-oom-go1.24.2.txt');
    expect(fixed.candidates[0]?.entry.id).toBe('out-of-memory');
  });

  it('keeps a plain compiler OOM first when the version is not shown, the Go bug as related', () => {
    const paste = fixture('known-bugs/compiler-oom-go1.24.1.txt').replaceAll(
      '/sdk/go1.24.1/',
      '/go/',
    );
    const ids = realDiagnoser()
      .diagnoseSync(paste)
      .candidates.map((c) => c.entry.id);
    expect(ids[0]).toBe('out-of-memory');
    expect(ids).toContain('compiler-out-of-memory-go124');
  });

  it('diagnoses a SIGQUIT dump of the go1.24.0 compiler stuck in prove as golang/go#71852', () => {
    const diagnosis = diagnose('compiler-prove-hang-go1.24.0.txt');
    expect(diagnosis.candidates[0]?.entry.id).toBe('compiler-prove-hang-go124');
    expect(diagnosis.candidates[0]?.versionNote).toContain('upgrade to go1.24.1');
  });
});

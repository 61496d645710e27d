// Diagnosis → the JSON contract of `--format json` (documented in README.md).
import type { Diagnosis } from '../diagnose/types.js';
import { type Owner, ownerOfCrash, placeCrash } from '../report/owner.js';

/** The stable JSON shape scripts and CI build on; add fields, never rename them. */
export function diagnosisToJson(diagnosis: Diagnosis): unknown {
  const version = diagnosis.goVersion;
  return {
    reports: diagnosis.reports.map((report, i) => {
      const owner = ownerOfCrash(report);
      const best = diagnosis.candidates.find((c) => c.report === i);
      const placement = placeCrash(report, { isGoBug: best?.isGoBugConfirmed === true });
      return {
        kind: report.kind,
        headline: report.headline?.text ?? null,
        goVersion: version.version ?? null,
        goVersionRange: version.range ?? null,
        // The same line can back a version for two reasons read the same way: list it once.
        goVersionEvidence: version.evidence
          .filter(
            (e, i, all) => all.findIndex((o) => o.line === e.line && o.reason === e.reason) === i,
          )
          .map((e) => ({ line: e.line, text: e.text, reason: e.reason })),
        goroutines: report.goroutines.length || (diagnosis.details[i]?.facts.goroutines ?? 0),
        owner: owner ? ownerToJson(owner) : null,
        placement: placement
          ? {
              blame: placement.blame,
              note: placement.note,
              caller: placement.caller ? ownerToJson(placement.caller) : null,
            }
          : null,
        lines: [report.startLine, report.endLine],
        groups: (diagnosis.details[i]?.groups ?? []).slice(0, 20).map((g) => ({
          count: g.count,
          state: g.state,
          waitMinutes: g.waitMinutes ?? null,
          lockedToThread: g.lockedToThread,
          top: g.top,
          createdBy: g.createdBy ?? null,
          role: g.role,
          note: g.note ?? null,
        })),
      };
    }),
    diagnoses: diagnosis.candidates.map((c) => ({
      id: c.entry.id,
      title: c.entry.title,
      confidence: c.confidence,
      evidence: c.evidence.map((e) => ({ line: e.line, text: e.text })),
      report: c.report,
      versionNote: c.versionNote ?? null,
      goBug: c.entry.goBug ?? null,
    })),
    ruledOut: (diagnosis.ruledOut ?? []).map((r) => ({
      id: r.entry.id,
      goBug: r.entry.goBug ?? null,
      note: r.note,
      report: r.report,
    })),
    autoreply: diagnosis.autoreply,
    notice: diagnosis.notice ?? null,
    fingerprint: diagnosis.fingerprint ?? null,
  };
}

function ownerToJson(owner: Owner) {
  return {
    kind: owner.kind,
    module: owner.module,
    version: owner.version ?? null,
    via: owner.via ?? null,
    frame: owner.frame.func,
    line: owner.frame.line,
  };
}

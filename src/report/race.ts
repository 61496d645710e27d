// Race reports read as people need them: each distinct race once (by the pair of code
// locations), both sides in user code, the shared variable and where each goroutine began.
import { isUserFrame } from './cluster.js';
import type { CrashReport, Frame, RaceAccess, RaceLocation, RaceReport } from './types.js';

export interface RaceSide {
  op: 'read' | 'write';
  isPrevious: boolean;
  goroutine: number | undefined;
  /** Where the access happened: the top user frame, else the top frame. */
  frame: Frame | undefined;
  /** The frame that started the goroutine (`Goroutine N (…) created at:`). */
  createdAt: Frame | undefined;
  hasFailedStack: boolean;
}

export interface DistinctRace {
  /** Paste line of the first `WARNING: DATA RACE` with this pair of locations. */
  line: number;
  /** How many reports in the paste have this pair. */
  count: number;
  sides: RaceSide[];
  location: RaceLocation | undefined;
}

/** The races of a report, one per unordered pair of access locations, in paste order. */
export function distinctRaces(report: CrashReport): DistinctRace[] {
  const byKey = new Map<string, DistinctRace>();
  for (const race of report.races) {
    const sides = race.accesses.map((a) => sideOf(a, race));
    const key = sides.map(sideKey).sort().join('\n');
    const seen = byKey.get(key);
    if (seen) {
      seen.count++;
      seen.location ??= race.location;
      continue;
    }
    byKey.set(key, { line: race.line, count: 1, sides, location: race.location });
  }
  return [...byKey.values()];
}

function sideOf(access: RaceAccess, race: RaceReport): RaceSide {
  const creator = race.creators.find((c) => c.goroutine === access.goroutine);
  return {
    op: access.op,
    isPrevious: access.isPrevious,
    goroutine: access.goroutine,
    frame: access.frames.find(isUserFrame) ?? access.frames[0],
    createdAt: creator?.frames.find(isUserFrame) ?? creator?.frames[0],
    hasFailedStack: access.hasFailedStack === true,
  };
}

/** The top frame is where the access happened; its file and line tell races apart. */
function sideKey(side: RaceSide): string {
  const f = side.frame;
  return f ? `${f.func}@${f.file ?? ''}:${f.fileLine ?? ''}` : '?';
}

/** `main.go:20`: the base name keeps the line readable; the function says which package. */
export function shortPlace(frame: Frame | undefined): string | undefined {
  if (!frame?.file) return undefined;
  const base = frame.file.slice(frame.file.lastIndexOf('/') + 1);
  return frame.fileLine === undefined ? base : `${base}:${frame.fileLine}`;
}

/** Context lines for a reply: the two sides, the variable, the goroutines' origins. */
export function describeRaces(report: CrashReport): string[] {
  const races = distinctRaces(report);
  const lines: string[] = [];
  for (const race of races.slice(0, 3)) {
    const sides = race.sides.map(describeSide);
    const again = race.count > 1 ? ` (reported ${race.count} times)` : '';
    if (sides.length >= 2) lines.push(`**Race:** ${sides[0]} vs ${sides[1]}${again}`);
    else if (sides.length === 1) {
      lines.push(`**Race:** ${sides[0]}; the other access is missing from the paste${again}`);
    }
    const variable = describeLocation(race.location);
    if (variable) lines.push(`**Variable:** ${variable}`);
    const origins = race.sides.filter((s) => s.createdAt && s.goroutine !== undefined);
    if (origins.length > 0) {
      const text = origins.map((s) => {
        const place = shortPlace(s.createdAt) ?? '?';
        return `goroutine ${s.goroutine} started in \`${s.createdAt?.func}\` (${place})`;
      });
      lines.push(`**Goroutines:** ${text.join('; ')}`);
    }
    if (race.sides.some((s) => s.hasFailedStack)) {
      lines.push(
        "**Missing stack:** the race detector's access history was overwritten " +
          '(`[failed to restore the stack]`); rerun with `GORACE=history_size=7` to keep ' +
          'more of it',
      );
    }
  }
  const reports = report.races.length;
  if (races.length > 3 || reports > races.length) {
    lines.push(
      `**Races in this paste:** ${reports} reports, ${races.length} distinct pairs of locations`,
    );
  }
  return lines;
}

function describeSide(side: RaceSide): string {
  const what = side.isPrevious ? `earlier ${side.op}` : side.op;
  if (side.hasFailedStack || !side.frame) return `${what} whose stack was not recorded`;
  const place = shortPlace(side.frame);
  return `${what} in \`${side.frame.func}\`${place ? ` (${place})` : ''}`;
}

function describeLocation(location: RaceLocation | undefined): string | undefined {
  if (!location) return undefined;
  if (location.kind === 'global') {
    const where = location.file
      ? ` declared at ${baseName(location.file)}:${location.fileLine}`
      : '';
    return `global \`${location.name}\` (${location.size} bytes)${where}`;
  }
  const site = location.frames.find(isUserFrame) ?? location.frames[0];
  const by =
    location.goroutine === undefined ? 'the main goroutine' : `goroutine ${location.goroutine}`;
  const where = site ? ` in \`${site.func}\` (${shortPlace(site) ?? '?'})` : '';
  return `a ${location.size}-byte heap object allocated by ${by}${where}`;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

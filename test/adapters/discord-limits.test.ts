// Long answers through the real discord.js client: a knowledge entry far longer than any real
// one still reaches Discord as messages within every limit, its Go code intact and in order.
import type { APIEmbed } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnoser } from '../../src/index.js';
import { NIL_MAP_PANIC } from './fake-discord/crashes.js';
import { diagnoser, finish, type Harness, startHarness, waitFor } from './fake-discord/harness.js';
import { expectWithinLimits, goLines } from './fake-discord/limits.js';
import { BOT_ID, message, modalSubmit } from './fake-discord/payloads.js';
import type { RecordedRequest } from './fake-discord/server.js';

const LONG_GO = Array.from(
  { length: 250 },
  (_, i) => `\tif err := step${i}(ctx); err != nil { return fmt.Errorf("step ${i}: %w", err) }`,
).join('\n');

/** The real diagnosis of the paste, its entry swollen: huge fixes, cause and table. */
const swollen: Diagnoser = {
  ...diagnoser(),
  async diagnose(paste, context) {
    const diagnosis = await diagnoser().diagnose(paste, context);
    const best = diagnosis.candidates[0];
    if (!best) return diagnosis;
    const entry = {
      ...best.entry,
      cause: `${best.entry.cause}\n\n${'The map was never made. '.repeat(150)}`,
      fixes: [
        {
          title: 'Make it',
          note: 'Long.',
          before: `func run() error {\n${LONG_GO}\n}`,
          after: LONG_GO,
        },
        ...best.entry.fixes,
      ],
      workarounds: Array.from({ length: 15 }, (_, i) => ({
        workaround: `Workaround ${i} ${'with many words '.repeat(4)}`,
        removesCause: 'No',
        cost: 'Some',
        whenToChoose: 'Rarely, and only for a while',
      })),
    };
    return { ...diagnosis, candidates: [{ ...best, entry }, ...diagnosis.candidates.slice(1)] };
  },
};

let h: Harness | undefined;

afterEach(async () => {
  await finish(h);
  h = undefined;
});

function bodyOf(request: RecordedRequest): { content?: string; embeds?: APIEmbed[] } {
  return (request.body ?? {}) as { content?: string; embeds?: APIEmbed[] };
}

function expectWholeAnswer(sends: readonly RecordedRequest[]): void {
  const bodies = sends.map(bodyOf);
  for (const body of bodies) expectWithinLimits(body.embeds ?? [], body.content);
  expect(bodies.length).toBeGreaterThan(4);

  const code = goLines(bodies.flatMap((b) => (b.content === undefined ? [] : [b.content])));
  const long = LONG_GO.split('\n');
  expect(code.slice(0, long.length + 2)).toEqual(['func run() error {', ...long, '}']);
  expect(code.slice(long.length + 2, 2 * long.length + 2)).toEqual(long);
}

describe('discord adapter: long answers', () => {
  it('splits a long answer to a mention into messages within the limits', async () => {
    h = await startHarness({ diagnoser: swollen });
    h.fake.post(message({ content: `<@${BOT_ID}> ${NIL_MAP_PANIC}`, mentionsBot: true }));

    const sends = await waitFor('the whole answer', () => {
      const all = h!.sends();
      return (
        all.some((r) => JSON.stringify(r.body?.['components'] ?? []).includes('crashdoc:v:')) && all
      );
    });
    expectWholeAnswer(sends);
  });

  it('splits a long answer to /diagnose into an edit and follow-ups within the limits', async () => {
    h = await startHarness({ diagnoser: swollen });
    const submit = modalSubmit('crashdoc:paste', 'paste', NIL_MAP_PANIC);
    h.fake.interact(submit);

    const sends = await waitFor('the whole answer', () => {
      const all = h!.sends().filter((r) => r.path.includes(submit.token));
      return (
        all.some((r) => JSON.stringify(r.body?.['components'] ?? []).includes('crashdoc:v:')) && all
      );
    });
    expect(sends[0]?.method).toBe('PATCH');
    expectWholeAnswer(sends);
  });
});

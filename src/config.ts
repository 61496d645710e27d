// Process-wide settings from the environment; each adapter validates its own variables.
import { z } from 'zod';

export interface CoreConfig {
  logLevel: string;
  /** knowledge/ directory; the bundled one when unset. */
  knowledgeDir: string | undefined;
}

const schema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CRASHDOC_KNOWLEDGE: z.string().min(1).optional(),
});

export type CoreConfigResult = { ok: true; config: CoreConfig } | { ok: false; problems: string[] };

/** Parses the core's variables, returning every problem so main.ts can list all at once. */
export function parseCoreConfig(
  env: Readonly<Record<string, string | undefined>>,
): CoreConfigResult {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    };
  }
  const config = Object.freeze({
    logLevel: parsed.data.LOG_LEVEL,
    knowledgeDir: parsed.data.CRASHDOC_KNOWLEDGE,
  });
  return { ok: true, config };
}

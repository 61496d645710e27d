// Process-wide settings from the environment; each adapter validates its own variables.
import { z } from 'zod';
import { BotError } from './errors.js';

export interface CoreConfig {
  logLevel: string;
  /** knowledge/ directory; the bundled one when unset. */
  knowledgeDir: string | undefined;
}

const schema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CRASHDOC_KNOWLEDGE: z.string().min(1).optional(),
});

/** Parses the core's variables; throws one CONFIG_INVALID error listing every problem. */
export function parseCoreConfig(env: Readonly<Record<string, string | undefined>>): CoreConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new BotError('CONFIG_INVALID', problems.join('; '));
  }
  return Object.freeze({
    logLevel: parsed.data.LOG_LEVEL,
    knowledgeDir: parsed.data.CRASHDOC_KNOWLEDGE,
  });
}

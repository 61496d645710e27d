// The front-matter schema of a knowledge entry, validated with zod (strict: unknown keys fail).
import { RE2JS } from 're2js';
import { z } from 'zod';
import { FACT_NAMES } from '../classify/facts.js';

const REPORT_KINDS = [
  'panic',
  'throw',
  'signal',
  'dump',
  'pprof',
  'race',
  'test-timeout',
  'schedtrace',
  'compile',
  'goleak',
  'fragment',
] as const;

/** Compiles with RE2 semantics: anything that needs backtracking fails here, at load time. */
function isLinearPattern(pattern: string): boolean {
  try {
    RE2JS.compile(pattern);
    return true;
  } catch {
    return false;
  }
}

const pattern = z
  .string()
  .min(1)
  .refine(isLinearPattern, { message: 'not a valid RE2 (linear-time) pattern' });

const literal = z.string().min(1);

const condition = z
  .object({
    headline: literal.optional(),
    headlinePattern: pattern.optional(),
    anyHeadline: literal.optional(),
    line: literal.optional(),
    linePattern: pattern.optional(),
    frame: literal.optional(),
    anyFrame: literal.optional(),
    signal: literal.optional(),
    goroutines: z
      .object({
        state: z.string().optional(),
        frame: z.string().optional(),
        isLockedToThread: z.boolean().optional(),
      })
      .strict()
      .optional(),
    fact: z.enum(FACT_NAMES).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    weight: z.number().min(-20).max(20).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const selectors = SELECTORS.filter((key) => c[key] !== undefined);
    if (selectors.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a condition needs exactly one of ${SELECTORS.join(', ')} (found ${selectors.length})`,
      });
    }
    if ((c.min !== undefined || c.max !== undefined) && !c.fact && !c.goroutines) {
      ctx.addIssue({ code: 'custom', message: 'min/max go only with fact or goroutines' });
    }
  });

export const SELECTORS = [
  'headline',
  'headlinePattern',
  'anyHeadline',
  'line',
  'linePattern',
  'frame',
  'anyFrame',
  'signal',
  'goroutines',
  'fact',
] as const;

const goVersion = z.string().regex(/^go1\.\d+(?:\.\d+)?$/, 'a Go release such as go1.24.3');

export const frontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case'),
    title: z.string().min(3),
    summary: z.string().min(10),
    severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
    tags: z.array(z.string()).min(1),
    keywords: z.array(z.string()).default([]),
    goBug: z
      .object({
        issue: z.number().int().positive(),
        introduced: goVersion,
        fixed: goVersion.optional(),
      })
      .strict()
      .optional(),
    signature: z
      .object({
        kinds: z.array(z.enum(REPORT_KINDS)).default([]),
        when: z.array(condition).min(1),
        unless: z.array(condition).default([]),
        minScore: z.number().positive().default(3),
        maxConfidence: z.enum(['high', 'medium']).default('high'),
      })
      .strict(),
    sources: z
      .array(z.object({ title: z.string().min(3), url: z.string().url().optional() }).strict())
      .min(1),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;

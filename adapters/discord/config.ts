// Discord settings from the environment, validated at start with every problem listed at once.
import { z } from 'zod';

export interface DiscordConfig {
  /** The bot token from the developer portal's Bot page. */
  token: string;
  /** The application (client) id: slash commands and interaction webhooks are keyed on it. */
  applicationId: string;
  /** REST base such as `https://discord.com/api` (no version), or undefined for Discord's own. */
  apiUrl: string | undefined;
  /**
   * Whether the bot asks for the privileged Message Content intent. Only auto-reply needs it:
   * Discord always shows a bot the text of messages that mention it.
   */
  hasMessageContent: boolean;
  /** SQLite file for channel settings and votes, shared with the Slack adapter. */
  dbPath: string;
}

export type DiscordConfigResult =
  | { ok: true; config: DiscordConfig | undefined }
  | { ok: false; problems: string[] };

/** The variables that say "run the Discord adapter"; CRASHDOC_DB is shared with Slack. */
const DISCORD_KEYS = [
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_API_URL',
  'DISCORD_MESSAGE_CONTENT',
];

const DEFAULT_DB_PATH = './data/crashdoc.db';

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

// Empty strings count as unset: `DISCORD_API_URL=` in a .env file means "use Discord's own".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  DISCORD_TOKEN: z
    .string({ error: 'is required (the token from the Bot page of the developer portal)' })
    .regex(/^[\w.-]{20,}$/, { error: 'does not look like a bot token' }),
  DISCORD_APPLICATION_ID: z
    .string({ error: 'is required (the Application ID from the General Information page)' })
    .regex(/^\d{15,22}$/, { error: 'must be a numeric snowflake id' }),
  DISCORD_API_URL: optional(
    z.url({
      protocol: /^https?$/,
      error: 'must be an http(s) URL such as https://discord.com/api',
    }),
  ),
  DISCORD_MESSAGE_CONTENT: optional(
    z.string().refine((value) => [...TRUE_WORDS, ...FALSE_WORDS].includes(value.toLowerCase()), {
      error: 'must be true or false',
    }),
  ),
  CRASHDOC_DB: optional(z.string()),
});

/**
 * Reads the Discord adapter's settings from `env`. Returns `config: undefined` when no Discord
 * variable is set (the adapter is simply not wanted), and every problem at once otherwise.
 *
 * @example
 * const discord = parseDiscordConfig(process.env);
 * if (!discord.ok) throw new BotError('CONFIG_INVALID', discord.problems.join('; '));
 */
export function parseDiscordConfig(
  env: Readonly<Record<string, string | undefined>>,
): DiscordConfigResult {
  if (DISCORD_KEYS.every((key) => isUnset(env[key]))) {
    return { ok: true, config: undefined };
  }

  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
    };
  }

  const data = parsed.data;
  const messageContent = data.DISCORD_MESSAGE_CONTENT?.toLowerCase();
  return {
    ok: true,
    config: {
      token: data.DISCORD_TOKEN,
      applicationId: data.DISCORD_APPLICATION_ID,
      apiUrl: data.DISCORD_API_URL?.replace(/\/+$/, ''),
      hasMessageContent: messageContent === undefined || TRUE_WORDS.includes(messageContent),
      dbPath: data.CRASHDOC_DB ?? DEFAULT_DB_PATH,
    },
  };
}

function isUnset(value: string | undefined): boolean {
  return value === undefined || value === '';
}

// The slash commands crashdoc registers, and the custom ids of its modal and buttons.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

export const DIAGNOSE_COMMAND = 'diagnose';
export const AUTOREPLY_COMMAND = 'crashdoc-autoreply';
/** How a Discord user searches the knowledge base, for replies that suggest it. */
export const DISCORD_SEARCH = '`/diagnose query:<words>`';

/** The paste modal and its one paragraph field. */
export const PASTE_MODAL_ID = 'crashdoc:paste';
export const PASTE_FIELD_ID = 'paste';

/** Discord's cap on a modal text field. */
export const MAX_MODAL_PASTE = 4000;

/** The command bodies `npm run discord:register` sends to Discord. */
export const COMMANDS: RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
  {
    name: DIAGNOSE_COMMAND,
    type: ApplicationCommandType.ChatInput,
    description: 'Diagnose Go crash output: paste it, attach a file, or search by words',
    contexts: [InteractionContextType.Guild],
    options: [
      {
        name: 'file',
        type: ApplicationCommandOptionType.Attachment,
        description: 'A text file holding the crash output (goroutine dumps, logs)',
        required: false,
      },
      {
        name: 'query',
        type: ApplicationCommandOptionType.String,
        description: 'Words to search the knowledge base for, or a short crash line',
        required: false,
        max_length: 6000,
      },
    ],
  },
  {
    name: AUTOREPLY_COMMAND,
    type: ApplicationCommandType.ChatInput,
    description: 'Turn crashdoc answering pasted Go crashes in this channel on or off',
    contexts: [InteractionContextType.Guild],
    // Hidden from members who cannot manage channels; the handler checks again, since a
    // server admin can widen who sees the command.
    default_member_permissions: String(PermissionFlagsBits.ManageChannels),
    options: [
      {
        name: 'on',
        type: ApplicationCommandOptionType.Subcommand,
        description: 'Answer Go crashes pasted in this channel in a thread',
      },
      {
        name: 'off',
        type: ApplicationCommandOptionType.Subcommand,
        description: 'Stop answering unasked in this channel',
      },
    ],
  },
];

/** What a button asks for, parsed from its custom id (at most 100 characters). */
export type ButtonAction =
  | { kind: 'expand'; channelId: string; messageId: string }
  | { kind: 'vote'; isHelpful: boolean; entryId: string | null; fingerprint: string | null };

const PREFIX = 'crashdoc';

/** Custom id of the "Show full diagnosis" button under an auto-reply. */
export function expandButtonId(channelId: string, messageId: string): string {
  return `${PREFIX}:x:${channelId}:${messageId}`;
}

/** Custom id of a vote button. Entry and fingerprint ride along, so no state is kept. */
export function voteButtonId(
  isHelpful: boolean,
  entryId: string | undefined,
  fingerprint: string | undefined,
): string {
  const base = `${PREFIX}:v:${isHelpful ? 1 : 0}:${entryId ?? ''}`;
  // Custom ids are capped at 100 characters: drop the fingerprint before the entry.
  const full = `${base}:${fingerprint ?? ''}`;
  return full.length <= 100 ? full : `${base.slice(0, 99)}:`;
}

/** Reads a crashdoc button's custom id; undefined for ids that are not ours. */
export function parseButtonId(customId: string): ButtonAction | undefined {
  const [prefix, kind, ...rest] = customId.split(':');
  if (prefix !== PREFIX) return undefined;

  if (kind === 'x' && rest.length === 2 && rest.every((id) => /^\d+$/.test(id))) {
    return { kind: 'expand', channelId: rest[0] ?? '', messageId: rest[1] ?? '' };
  }
  if (kind === 'v' && rest.length === 3) {
    const [helpful, entryId, fingerprint] = rest;
    return {
      kind: 'vote',
      isHelpful: helpful === '1',
      entryId: entryId ? entryId : null,
      fingerprint: fingerprint ? fingerprint : null,
    };
  }
  return undefined;
}

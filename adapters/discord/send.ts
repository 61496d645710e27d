// Every message crashdoc sends goes through here, so none can ping anyone: a paste holding
// @everyone or a user mention is echoed as text. Also turns failures into loggable fields.
import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  ButtonStyle,
  ComponentType,
  DiscordAPIError,
  HTTPError,
  type Message,
  MessageFlags,
  type MessageMentionOptions,
  type RepliableInteraction,
  type SendableChannels,
} from 'discord.js';
import { BotError } from '../../src/index.js';
import { expandButtonId, voteButtonId } from './commands.js';
import type { DiscordMessage } from './format.js';

/** Mentions parse nothing, and a reply does not ping the author it answers. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** Helpful / Not helpful buttons, plus "Show full diagnosis" under a brief auto-reply. */
export function replyButtons(
  reply: { entryId?: string; fingerprint?: string },
  expand?: { channelId: string; messageId: string },
): ActionRow[] {
  const buttons: APIComponentInMessageActionRow[] = [];
  if (expand) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: 'Show full diagnosis',
      custom_id: expandButtonId(expand.channelId, expand.messageId),
    });
  }
  if (reply.entryId) {
    for (const isHelpful of [true, false]) {
      buttons.push({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: isHelpful ? 'Helpful' : 'Not helpful',
        custom_id: voteButtonId(isHelpful, reply.entryId, reply.fingerprint),
      });
    }
  }
  return buttons.length === 0 ? [] : [{ type: ComponentType.ActionRow, components: buttons }];
}

/** A message body ready for discord.js, with mentions off; link previews off for Markdown. */
function payload(message: DiscordMessage, components: readonly ActionRow[]) {
  return {
    content: message.content,
    embeds: message.embeds ?? [],
    components: [...components],
    allowedMentions: NO_MENTIONS,
    // Links to Go docs in a Markdown body would each unfurl into a preview card.
    flags: message.content === undefined ? undefined : MessageFlags.SuppressEmbeds,
  } as const;
}

/**
 * Posts messages in order to a channel or thread, the first as a reply to `replyTo` when given;
 * `components` go under the last one.
 */
export async function sendMessages(
  channel: SendableChannels,
  messages: readonly DiscordMessage[],
  options: { replyTo?: Message; components?: readonly ActionRow[] } = {},
): Promise<void> {
  for (const [index, message] of messages.entries()) {
    const rows = index === messages.length - 1 ? (options.components ?? []) : [];
    const body = payload(message, rows);
    if (index === 0 && options.replyTo) {
      await options.replyTo.reply(body);
    } else {
      await channel.send(body);
    }
  }
}

/** Answers a deferred interaction: the first message edits the deferred reply, the rest follow. */
export async function answerInteraction(
  interaction: RepliableInteraction,
  messages: readonly DiscordMessage[],
  components: readonly ActionRow[] = [],
): Promise<void> {
  for (const [index, message] of messages.entries()) {
    const rows = index === messages.length - 1 ? components : [];
    const body = payload(message, rows);
    if (index === 0 && interaction.deferred && !interaction.replied) {
      const { flags: _flags, ...edit } = body;
      await interaction.editReply(edit);
    } else {
      await interaction.followUp(body);
    }
  }
}

/** Short fixed text as one message, for notices, refusals and apologies. */
export function notice(text: string): DiscordMessage[] {
  return [{ content: text }];
}

/** The apology sent when answering failed; it never repeats the error or the paste. */
export const APOLOGY = 'Sorry, crashdoc could not answer this one. The failure has been logged.';

/** Fields that describe a failure for the log without echoing what was sent or pasted. */
export function describeError(error: unknown): Record<string, string | number> {
  if (error instanceof BotError) return { code: error.code, message: error.message };
  if (error instanceof DiscordAPIError) {
    return { code: 'ADAPTER_POST_FAILED', status: error.status, apiCode: String(error.code) };
  }
  if (error instanceof HTTPError) return { code: 'ADAPTER_POST_FAILED', status: error.status };
  // Other errors' messages may quote what they choked on; the name and stack line suffice.
  const name = error instanceof Error ? error.name : typeof error;
  const where = error instanceof Error ? (error.stack?.split('\n')[1]?.trim() ?? '') : '';
  return { code: 'UNEXPECTED', name, where };
}

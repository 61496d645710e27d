// Buttons under crashdoc's answers: "Show full diagnosis" under a brief auto-reply, and
// Helpful / Not helpful, recorded in the shared store (ids and hashes only).
import { createHash } from 'node:crypto';
import {
  type APIButtonComponentWithCustomId,
  type ButtonInteraction,
  ComponentType,
  MessageFlags,
} from 'discord.js';
import { renderReply } from '../../src/index.js';
import { type ButtonAction, DISCORD_SEARCH, parseButtonId } from './commands.js';
import type { HandlerContext } from './context.js';
import { formatReply } from './format.js';
import { readMessagePaste } from './paste.js';
import { type ActionRow, answerInteraction, NO_MENTIONS, notice } from './send.js';

const GONE = 'The message with the crash is gone, so there is nothing to expand.';

/** Handles a click on one of crashdoc's buttons; other buttons are ignored. */
export async function handleButton(
  ctx: HandlerContext,
  interaction: ButtonInteraction,
): Promise<void> {
  const action = parseButtonId(interaction.customId);
  if (action?.kind === 'vote') await recordVote(ctx, interaction, action);
  if (action?.kind === 'expand') await expand(ctx, interaction, action);
}

/** A one-way hash of the voter's id: a voter can change their vote, but is not named. */
export function voterHash(userId: string): string {
  return createHash('sha256').update(`discord:${userId}`).digest('hex').slice(0, 32);
}

async function recordVote(
  ctx: HandlerContext,
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: 'vote' }>,
): Promise<void> {
  ctx.store.recordVote({
    platform: 'discord',
    entryId: action.entryId,
    fingerprint: action.fingerprint,
    isHelpful: action.isHelpful,
    voterHash: voterHash(interaction.user.id),
  });
  ctx.logger.info(
    { requestId: interaction.id, entryId: action.entryId, isHelpful: action.isHelpful },
    'vote recorded',
  );

  await interaction.reply({
    content: action.isHelpful ? 'Thanks, glad it helped.' : 'Thanks, noted: this will be reviewed.',
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}

/**
 * Posts the full diagnosis under a brief one. The click is acknowledged by removing the
 * expand button (so nobody expands twice); the paste is read again from the original
 * message, so nothing about it is kept in memory between the two.
 */
async function expand(
  ctx: HandlerContext,
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: 'expand' }>,
): Promise<void> {
  if (!ctx.seen.claim(`expand:${action.messageId}`)) {
    await interaction.deferUpdate();
    return;
  }

  const votes = withoutExpand(interaction);
  await interaction.update({ components: votes, allowedMentions: NO_MENTIONS });

  const log = ctx.logger.child({ requestId: interaction.id, event: 'expand' });
  const channel = await ctx.client.channels.fetch(action.channelId).catch(() => null);
  const message =
    channel?.isTextBased() === true
      ? await channel.messages.fetch(action.messageId).catch(() => undefined)
      : undefined;
  if (!message) {
    await answerInteraction(interaction, notice(GONE));
    return;
  }

  const read = await readMessagePaste(message, ctx.client.user.id, ctx.limits);
  const diagnosis = await ctx.diagnoser.diagnose(read.paste, {
    requestId: interaction.id,
    logger: ctx.logger,
  });
  const reply = renderReply(diagnosis, { brief: false, searchHint: DISCORD_SEARCH });
  const messages = formatReply(reply);

  await answerInteraction(interaction, messages);
  log.info(
    { pasteLength: read.paste.length, entryId: reply.entryId, messages: messages.length },
    'expanded',
  );
}

/** The clicked message's buttons minus "Show full diagnosis". */
function withoutExpand(interaction: ButtonInteraction): ActionRow[] {
  const buttons = interaction.message.components
    .map((row) => row.toJSON())
    .flatMap((row) => (row.type === ComponentType.ActionRow ? row.components : []))
    .filter(
      (c): c is APIButtonComponentWithCustomId =>
        c.type === ComponentType.Button && 'custom_id' in c,
    )
    .filter((button) => parseButtonId(button.custom_id)?.kind !== 'expand');
  return buttons.length === 0 ? [] : [{ type: ComponentType.ActionRow, components: buttons }];
}

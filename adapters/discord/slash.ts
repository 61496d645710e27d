// /diagnose (a modal for the paste, a file, or words to search) and /crashdoc-autoreply.
// Each command is acknowledged at once (Discord allows 3 s) and answered by editing that.
import {
  ActionRowBuilder,
  type ChatInputCommandInteraction,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { BotError, type Diagnosis, renderReply, renderSearchReply } from '../../src/index.js';
import { DISCORD_SEARCH, MAX_MODAL_PASTE, PASTE_FIELD_ID, PASTE_MODAL_ID } from './commands.js';
import { type HandlerContext, isQuery } from './context.js';
import { formatReply } from './format.js';
import { downloadText, isTextFile } from './paste.js';
import { answerInteraction, describeError, NO_MENTIONS, notice, replyButtons } from './send.js';

const NOT_DOWNLOADED = 'I could not download that file. Try again, or paste the crash instead.';

const NOT_TEXT =
  'That file does not look like text. Attach the crash output as a `.txt` or `.log` file.';

/** The modal `/diagnose` opens when given nothing: one paragraph field for the paste. */
export function pasteModal(): ModalBuilder {
  const field = new TextInputBuilder()
    .setCustomId(PASTE_FIELD_ID)
    .setLabel('Go crash output')
    .setStyle(TextInputStyle.Paragraph)
    .setPlaceholder('panic: … or fatal error: … or goroutine 1 [running]: …')
    .setRequired(true)
    .setMaxLength(MAX_MODAL_PASTE);
  return new ModalBuilder()
    .setCustomId(PASTE_MODAL_ID)
    .setTitle('Diagnose a Go crash')
    .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(field));
}

/** `/diagnose [file] [query]`: no options opens the modal; otherwise defer, then answer. */
export async function handleDiagnoseCommand(
  ctx: HandlerContext,
  interaction: ChatInputCommandInteraction,
): Promise<void> {
  const file = interaction.options.getAttachment('file');
  const query = interaction.options.getString('query')?.trim() ?? '';

  // A modal must be the first response, so this path cannot defer.
  if (!file && query === '') {
    await interaction.showModal(pasteModal());
    return;
  }

  await interaction.deferReply();

  if (file && !isTextFile(file)) {
    await answerInteraction(interaction, notice(NOT_TEXT));
    return;
  }
  let read: Awaited<ReturnType<typeof downloadText>> | undefined;
  try {
    read = file ? await downloadText(file, ctx.limits) : undefined;
  } catch (error) {
    if (!(error instanceof BotError) || error.code !== 'ADAPTER_DOWNLOAD_FAILED') throw error;
    ctx.logger.warn({ requestId: interaction.id, ...describeError(error) }, 'download failed');
    await answerInteraction(interaction, notice(NOT_DOWNLOADED));
    return;
  }
  const paste = [query, read?.text ?? ''].filter((part) => part !== '').join('\n\n');

  await answerPaste(ctx, interaction, paste, {
    isSearchable: !file,
    isTruncated: read?.isTruncated,
  });
}

/** The paste modal was submitted: defer, diagnose, answer. */
export async function handlePasteModal(
  ctx: HandlerContext,
  interaction: ModalSubmitInteraction,
): Promise<void> {
  await interaction.deferReply();
  const paste = interaction.fields.getTextInputValue(PASTE_FIELD_ID);
  await answerPaste(ctx, interaction, paste, { isSearchable: true });
}

/** Diagnoses and answers; text without a crash that reads as a question is searched instead. */
async function answerPaste(
  ctx: HandlerContext,
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  paste: string,
  options: { isSearchable: boolean; isTruncated?: boolean },
): Promise<void> {
  const log = ctx.logger.child({ requestId: interaction.id, event: 'command' });
  const diagnosis: Diagnosis = await ctx.diagnoser.diagnose(paste, {
    requestId: interaction.id,
    logger: ctx.logger,
  });

  const isSearch = diagnosis.reports.length === 0 && options.isSearchable && isQuery(paste);
  const reply = isSearch
    ? renderSearchReply(paste.trim(), ctx.diagnoser.search(paste.trim()))
    : renderReply(diagnosis, { brief: false, searchHint: DISCORD_SEARCH });
  const messages = formatReply(reply);
  const components = diagnosis.reports.length > 0 ? replyButtons(reply) : [];

  await answerInteraction(interaction, messages, components);
  log.info(
    {
      pasteLength: paste.length,
      isTruncated: options.isTruncated === true,
      isSearch,
      entryId: reply.entryId,
      confidence: reply.confidence,
      fingerprint: diagnosis.fingerprint,
      messages: messages.length,
    },
    'command answered',
  );
}

/** `/crashdoc-autoreply on|off`, for members who can manage the channel. */
export async function handleAutoreplyCommand(
  ctx: HandlerContext,
  interaction: ChatInputCommandInteraction,
): Promise<void> {
  const respond = (content: string) =>
    interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });

  if (!interaction.inGuild()) {
    await respond('Auto-reply can be set in server channels only.');
    return;
  }
  // memberPermissions are the member's permissions in this channel, overwrites included.
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels)) {
    await respond('Only members who can manage this channel can change auto-reply.');
    return;
  }

  const isOn = interaction.options.getSubcommand() === 'on';
  const channel = interaction.channel;
  const channelId = channel?.isThread() ? (channel.parentId ?? channel.id) : interaction.channelId;
  ctx.store.setAutoreply('discord', channelId, isOn);
  ctx.logger.info({ requestId: interaction.id, channelId, isOn }, 'autoreply set');

  let text = isOn
    ? `Auto-reply is on in <#${channelId}>: Go crashes pasted here get a diagnosis in a thread.`
    : `Auto-reply is off in <#${channelId}>. Mention me or use \`/diagnose\` to ask.`;
  if (isOn && !ctx.config.hasMessageContent) {
    text += ' Note: this bot runs without the Message Content intent, so it cannot read pastes';
    text += ' it is not mentioned in until its operator turns that on.';
  }
  await respond(text);
}

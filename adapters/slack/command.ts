// `/crashdoc`: diagnose a paste, search the knowledge base, show help, switch auto-replies.
import { randomUUID } from 'node:crypto';
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import {
  APOLOGY,
  answerPaste,
  logAnswer,
  logFailure,
  type RequestScope,
  requestScope,
  type SlackDeps,
} from './answer.js';
import { formatNotice, formatReply } from './format.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { respondSender, sendWithFallback } from './send.js';

type Parsed =
  | { kind: 'help' }
  | { kind: 'autoreply'; enabled: boolean | undefined }
  | { kind: 'paste'; paste: string };

/** Reads the command's text: `help`, `autoreply [on|off]`, or anything else as a paste. */
export function parseCommandText(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '' || /^help$/i.test(trimmed)) return { kind: 'help' };

  const autoreply = /^autoreply(?:\s+(on|off))?$/i.exec(trimmed);
  if (autoreply) {
    const value = autoreply[1]?.toLowerCase();
    return { kind: 'autoreply', enabled: value === undefined ? undefined : value === 'on' };
  }
  return { kind: 'paste', paste: text };
}

/** Registers the slash command. The ack goes out before any diagnosis work starts. */
export function registerCommand(app: App, deps: SlackDeps): void {
  app.command(deps.command, async ({ command, ack, respond }) => {
    // Slack shows the user an error unless the HTTP answer arrives within 3 seconds.
    await ack();

    const scope = requestScope(deps, { source: 'command', channel: command.channel_id });
    try {
      await handleCommand(deps, command, respond, scope);
    } catch (error) {
      logFailure(scope.logger, error, 'command');
      await respond({ response_type: 'ephemeral', text: APOLOGY }).catch(() => undefined);
    }
  });
}

async function handleCommand(
  deps: SlackDeps,
  command: SlashCommand,
  respond: RespondFn,
  scope: RequestScope,
): Promise<void> {
  const parsed = parseCommandText(command.text);
  const ephemeral = respondSender(respond, { response_type: 'ephemeral' });

  if (parsed.kind === 'help') {
    const enabled = deps.store.isAutoreplyEnabled('slack', command.channel_id);
    await ephemeral(formatNotice(helpText(deps.command, enabled)));
    return;
  }

  if (parsed.kind === 'autoreply') {
    await setAutoreply(deps, command, parsed.enabled, respond, scope);
    return;
  }

  const gate = deps.rateGate(command.user_id, command.channel_id);
  if (!gate.ok) {
    scope.logger.warn({ retryAfterMs: gate.retryAfterMs }, 'rate limited');
    await ephemeral(formatNotice(slowDown(gate.retryAfterMs)));
    return;
  }

  const answer = await answerPaste(deps, parsed.paste, scope, { allowSearch: true, brief: false });
  logAnswer(scope.logger, answer, parsed.paste.length);

  if (answer.kind === 'nothing') {
    await ephemeral(formatNotice(noCrashText(deps.command)));
    return;
  }

  // Ephemeral first: the caller decides whether the channel should see it ("Nothing found"
  // is not worth sharing).
  const vote = answer.kind === 'diagnosis' ? answer.vote : undefined;
  const key = answer.reply.entryId === undefined ? undefined : randomUUID();
  if (key !== undefined) deps.replies.set(key, { reply: answer.reply, vote });

  await sendWithFallback(
    (level) =>
      formatReply(answer.reply, { variant: 'full', level, buttons: { postToChannel: key, vote } }),
    ephemeral,
    scope.logger,
  );
}

async function setAutoreply(
  deps: SlackDeps,
  command: SlashCommand,
  enabled: boolean | undefined,
  respond: RespondFn,
  scope: RequestScope,
): Promise<void> {
  if (enabled === undefined) {
    const current = deps.store.isAutoreplyEnabled('slack', command.channel_id);
    const state = current ? 'on' : 'off';
    const hint = `\`${deps.command} autoreply ${current ? 'off' : 'on'}\``;
    await respond({ response_type: 'ephemeral', text: `Auto-replies are ${state} here. ${hint}` });
    return;
  }

  deps.store.setAutoreply('slack', command.channel_id, enabled);
  scope.logger.info({ autoreply: enabled }, 'autoreply changed');

  // Said in the channel, so everyone knows why the bot went quiet (or started talking).
  const who = /^[UW][A-Z0-9]+$/.test(command.user_id) ? `<@${command.user_id}>` : 'Someone';
  const text = enabled
    ? `${who} turned crashdoc auto-replies *on*: I'll answer Go crash pastes in this channel.`
    : `${who} turned crashdoc auto-replies *off* here. Mention me or use \`${deps.command}\` to ask.`;
  await respond({ response_type: 'in_channel', text });
}

/** The `/crashdoc help` text, showing the channel's current auto-reply setting. */
export function helpText(command: string, autoreply: boolean): string {
  const c = escapeMrkdwn(command);
  return [
    '*crashdoc* reads Go crash output (panics, fatal errors, goroutine dumps, race reports)',
    'and says what went wrong, with the evidence, fixes and what to run next.',
    `• \`${c} <paste>\`: diagnose a paste. Only you see the answer; a button shares it.`,
    `• \`${c} <words>\`: search the knowledge base, e.g. \`${c} lockosthread\`.`,
    '• Mention me in a message or thread that holds a paste: I answer in the thread.',
    '• Long output? Share it as a snippet or text file and mention me.',
    `• \`${c} autoreply off\` / \`on\`: stop or resume answering crash pastes here unasked`,
    `  (now *${autoreply ? 'on' : 'off'}*).`,
  ].join('\n');
}

function noCrashText(command: string): string {
  return (
    'I found no Go crash output in that, and nothing to search for. ' +
    `Paste the whole panic or dump, or see \`${escapeMrkdwn(command)} help\`.`
  );
}

/** The note for a user past their rate limit. */
export function slowDown(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `You're sending pastes faster than I can read them. Try again in ${seconds} s.`;
}

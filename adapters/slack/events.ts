// Channel events: @mentions answered in their thread, and auto-replies to crash pastes.
import type { App, webApi } from '@slack/bolt';
import {
  type Answer,
  APOLOGY,
  answerPaste,
  logAnswer,
  logFailure,
  type RequestScope,
  requestScope,
  type SlackDeps,
  searchAnswer,
} from './answer.js';
import { slowDown } from './command.js';
import { formatNotice, formatReply } from './format.js';
import {
  collectPaste,
  fetchThreadParent,
  type IncomingMessage,
  isFromBot,
  isTopLevel,
  mentionsUser,
  readMessage,
  stripMention,
} from './message.js';
import { type Sender, sendWithFallback } from './send.js';

/** Message subtypes that carry something a person just posted; edits, joins etc. do not. */
const PASTE_SUBTYPES = new Set<string | undefined>([undefined, 'file_share']);

/** Registers app_mention (answer in thread) and message (auto-reply) listeners. */
export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, client, context }) => {
    const message = readMessage(event);
    if (message === undefined || isFromBot(message)) {
      deps.logger.debug({ reason: 'bot', ts: message?.ts }, 'mention skipped');
      return;
    }
    // Slack redelivers unacknowledged events and sends `message` too: one answer per message.
    if (!deps.handled.claim(`${message.channel}:${message.ts}`, true)) {
      deps.logger.debug({ reason: 'duplicate', ts: message.ts }, 'mention skipped');
      return;
    }

    const scope = requestScope(deps, { source: 'mention', channel: message.channel });
    const post = threadSender(client, message);
    try {
      await answerMention(deps, message, context.botUserId, client, post, scope);
    } catch (error) {
      logFailure(scope.logger, error, 'mention');
      await post(formatNotice(APOLOGY)).catch(() => undefined);
    }
  });

  app.event('message', async ({ event, client, context }) => {
    const message = readMessage(event);
    const skip =
      message === undefined ? 'unreadable' : claimForAutoreply(deps, message, context.botUserId);
    if (message === undefined || skip !== undefined) {
      deps.logger.debug({ reason: skip, ts: message?.ts }, 'message skipped');
      return;
    }

    const scope = requestScope(deps, { source: 'autoreply', channel: message.channel });
    try {
      await autoreply(deps, message, threadSender(client, message), scope);
    } catch (error) {
      // No apology here: nobody asked, so a failure stays quiet and goes to the log.
      logFailure(scope.logger, error, 'autoreply');
    }
  });
}

/**
 * Why a message gets no auto-reply, or undefined when it may get one. Only top-level messages
 * from people in channels qualify. Mentions are left to app_mention, which Slack sends for the
 * same message; answering both would be the double reply people complain about.
 */
export function autoreplySkipReason(
  message: IncomingMessage,
  botUserId: string | undefined,
): string | undefined {
  if (!PASTE_SUBTYPES.has(message.subtype)) return 'subtype';
  if (isFromBot(message) || message.user === undefined || message.user === botUserId) return 'bot';
  if (message.channelType !== 'channel' && message.channelType !== 'group') return 'not-a-channel';
  if (!isTopLevel(message)) return 'in-thread';
  return mentionsUser(message.text, botUserId) ? 'mention' : undefined;
}

/** Checks the message, the channel setting, then claims the message (last, as it is a write). */
function claimForAutoreply(
  deps: SlackDeps,
  message: IncomingMessage,
  botUserId: string | undefined,
): string | undefined {
  const reason = autoreplySkipReason(message, botUserId);
  if (reason !== undefined) return reason;
  if (!deps.store.isAutoreplyEnabled('slack', message.channel)) return 'autoreply-off';
  return deps.handled.claim(`${message.channel}:${message.ts}`, true) ? undefined : 'duplicate';
}

async function autoreply(
  deps: SlackDeps,
  message: IncomingMessage,
  post: Sender,
  scope: RequestScope,
): Promise<void> {
  const collected = await collectPaste(message, message.text, deps.download, scope.logger);
  if (collected.kind !== 'paste') return;

  // Every message in the channel passes through here: the core's per-paste info line would
  // log all of them, so it runs at warn and one info line is logged for actual answers.
  const quiet = { ...scope, logger: scope.logger.child({}, { level: 'warn' }) };
  const answer = await answerPaste(deps, collected.paste, quiet, {
    allowSearch: false,
    brief: true,
  });
  if (answer.kind !== 'diagnosis' || !answer.diagnosis.autoreply) {
    scope.logger.debug({ pasteLength: collected.paste.length }, 'no autoreply');
    return;
  }

  const gate = deps.rateGate(message.user ?? 'unknown', message.channel);
  if (!gate.ok) {
    scope.logger.warn({ retryAfterMs: gate.retryAfterMs }, 'rate limited, autoreply skipped');
    return;
  }

  logAnswer(scope.logger, answer, collected.paste.length, 'info');
  const buttons = { expand: { channel: message.channel, ts: message.ts }, vote: answer.vote };
  await sendWithFallback(
    (level) => formatReply(answer.reply, { variant: 'brief', level, buttons }),
    post,
    scope.logger,
  );
}

async function answerMention(
  deps: SlackDeps,
  message: IncomingMessage,
  botUserId: string | undefined,
  client: webApi.WebClient,
  post: Sender,
  scope: RequestScope,
): Promise<void> {
  const gate = deps.rateGate(message.user ?? 'unknown', message.channel);
  if (!gate.ok) {
    scope.logger.warn({ retryAfterMs: gate.retryAfterMs }, 'rate limited');
    if (message.user !== undefined) {
      await client.chat.postEphemeral({
        channel: message.channel,
        user: message.user,
        text: slowDown(gate.retryAfterMs),
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      });
    }
    return;
  }

  const words = stripMention(message.text, botUserId);
  const found = await findCrash(deps, message, words, client, scope);
  if (found.kind === 'too-large') {
    const kb = Math.round(deps.download.maxBytes / 1024);
    const text = `That file is larger than I read (${kb} KB). Paste the crashing part.`;
    await post(formatNotice(text));
    return;
  }

  // No crash anywhere: treat the words as a knowledge-base search.
  const answer = found.answer.kind === 'diagnosis' ? found.answer : searchAnswer(deps, words);
  logAnswer(scope.logger, answer, found.pasteLength);

  if (answer.kind === 'nothing') {
    const text =
      'I found no Go crash output here. Mention me in a message that holds the paste, or in ' +
      `the thread under one. \`${deps.command} help\` has the rest.`;
    await post(formatNotice(text));
    return;
  }

  const reply = answer.reply;
  const vote = answer.kind === 'diagnosis' ? answer.vote : undefined;
  await sendWithFallback(
    (level) => formatReply(reply, { variant: 'full', level, buttons: { vote } }),
    post,
    scope.logger,
  );
}

type Found = { kind: 'answer'; answer: Answer; pasteLength: number } | { kind: 'too-large' };

/**
 * Diagnoses the mention's own paste (text and files), then, for "@crashdoc what is this?"
 * under a paste, the thread's first message.
 */
async function findCrash(
  deps: SlackDeps,
  message: IncomingMessage,
  words: string,
  client: webApi.WebClient,
  scope: RequestScope,
): Promise<Found> {
  const own = await diagnoseMessage(deps, message, words, scope);
  if (own.kind === 'too-large' || own.answer.kind === 'diagnosis' || isTopLevel(message)) {
    return own;
  }

  const parent = await fetchThreadParent(client, message.channel, message.threadTs ?? '');
  if (parent === undefined || isFromBot(parent)) return own;
  const fromParent = await diagnoseMessage(deps, parent, parent.text, scope);
  return fromParent.kind === 'answer' && fromParent.answer.kind === 'diagnosis' ? fromParent : own;
}

async function diagnoseMessage(
  deps: SlackDeps,
  message: IncomingMessage,
  text: string,
  scope: RequestScope,
): Promise<Found> {
  const collected = await collectPaste(message, text, deps.download, scope.logger);
  if (collected.kind === 'too-large') return { kind: 'too-large' };

  const options = { allowSearch: false, brief: false };
  const answer = await answerPaste(deps, collected.paste, scope, options);
  return { kind: 'answer', answer, pasteLength: collected.paste.length };
}

/** Posts into the message's thread (starting one under a top-level message). */
function threadSender(client: webApi.WebClient, message: IncomingMessage): Sender {
  return async (reply) => {
    await client.chat.postMessage({
      channel: message.channel,
      thread_ts: message.threadTs ?? message.ts,
      text: reply.text,
      ...(reply.blocks ? { blocks: reply.blocks } : {}),
      // Knowledge links would otherwise unfold into large previews under every answer.
      unfurl_links: false,
      unfurl_media: false,
    });
  };
}

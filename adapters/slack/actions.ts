// Reply buttons: share an ephemeral answer, expand an auto-reply, and record votes.
import type { App, BlockAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import {
  APOLOGY,
  answerPaste,
  logFailure,
  type RequestScope,
  requestScope,
  type SlackDeps,
  voterHash,
} from './answer.js';
import { ACTION, parseExpandValue, parseVoteValue } from './buttons.js';
import { slowDown } from './command.js';
import { formatNotice, formatReply } from './format.js';
import { collectPaste, fetchThreadParent } from './message.js';
import { respondSender, sendWithFallback } from './send.js';

/** One button click, as Bolt hands it over. */
interface Click {
  body: BlockAction;
  action: ButtonAction;
  respond: RespondFn;
  client: webApi.WebClient;
}

type ClickHandler = (deps: SlackDeps, click: Click, scope: RequestScope) => Promise<void>;

/** Registers the reply buttons: Post to channel, Show full diagnosis, Helpful / Not helpful. */
export function registerActions(app: App, deps: SlackDeps): void {
  // Every button acks at once, and turns any failure into a logged code and a short apology.
  const on = (id: string | RegExp, source: string, handle: ClickHandler) => {
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, body, action, respond, client }) => {
      await ack();

      const scope = requestScope(deps, { source, channel: body.channel?.id });
      try {
        await handle(deps, { body, action, respond, client }, scope);
      } catch (error) {
        logFailure(scope.logger, error, source);
        await ephemeralNote(respond, APOLOGY).catch(() => undefined);
      }
    });
  };

  on(ACTION.postToChannel, 'post-to-channel', postToChannel);
  on(ACTION.expand, 'expand', expand);
  on(/^crashdoc_vote_/, 'vote', vote);
}

/** Shares an ephemeral /crashdoc answer with the channel, then removes the ephemeral copy. */
async function postToChannel(deps: SlackDeps, click: Click, scope: RequestScope): Promise<void> {
  const cached = deps.replies.get(click.action.value ?? '');
  if (cached === undefined) {
    const text = `That answer has expired. Run \`${deps.command}\` again to share it.`;
    await ephemeralNote(click.respond, text);
    return;
  }

  // The channel never saw the command's text: the intro and "What was diagnosed" restate it.
  const user = click.body.user.id;
  const who = /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : 'Someone';
  const what = cached.vote ? 'a crashdoc diagnosis of a Go crash' : 'a crashdoc knowledge entry';
  const intro = `${who} shared ${what}:`;
  await sendWithFallback(
    (level) =>
      formatReply(cached.reply, { variant: 'full', level, buttons: { vote: cached.vote }, intro }),
    respondSender(click.respond, { response_type: 'in_channel', replace_original: false }),
    scope.logger,
  );

  // Best effort: the ephemeral copy with its "Post to channel" button has done its job.
  await click.respond({ delete_original: true }).catch(() => undefined);
}

/**
 * Replaces a brief auto-reply with the full one. The original message is read again rather
 * than kept in memory: nothing of the paste is stored, and the button still works after a
 * restart.
 */
async function expand(deps: SlackDeps, click: Click, scope: RequestScope): Promise<void> {
  const { body, client } = click;
  const ref = parseExpandValue(click.action.value);
  const target = body.message?.ts;
  const channel = body.channel?.id;
  // The button only ever expands an answer about a message in its own channel.
  if (ref === undefined || target === undefined || channel !== ref.channel) return;

  const gate = deps.rateGate(body.user.id, channel);
  if (!gate.ok) {
    await ephemeralNote(click.respond, slowDown(gate.retryAfterMs));
    return;
  }

  const parent = await fetchThreadParent(client, channel, ref.ts);
  const collected =
    parent === undefined
      ? undefined
      : await collectPaste(parent, parent.text, deps.download, scope.logger);
  const answer =
    collected?.kind === 'paste'
      ? await answerPaste(deps, collected.paste, scope, { allowSearch: false, brief: false })
      : undefined;
  if (answer?.kind !== 'diagnosis') {
    await ephemeralNote(click.respond, 'The message this answered is gone or no longer readable.');
    return;
  }

  await sendWithFallback(
    (level) =>
      formatReply(answer.reply, { variant: 'full', level, buttons: { vote: answer.vote } }),
    async (message) => {
      // An empty blocks list clears the brief reply's buttons when falling back to text.
      const blocks = message.blocks ?? [];
      await client.chat.update({ channel, ts: target, text: message.text, blocks });
    },
    scope.logger,
  );
}

/** Records a Helpful / Not helpful click: entry id, fingerprint and a voter hash only. */
async function vote(deps: SlackDeps, click: Click, scope: RequestScope): Promise<void> {
  const ref = parseVoteValue(click.action.value);
  if (ref === undefined) return;

  const isHelpful = click.action.action_id === ACTION.helpful;
  deps.store.recordVote({
    platform: 'slack',
    entryId: ref.entryId,
    fingerprint: ref.fingerprint,
    isHelpful,
    voterHash: voterHash(click.body.team?.id, click.body.user.id),
  });
  scope.logger.info({ entryId: ref.entryId, isHelpful }, 'vote recorded');

  const thanks = isHelpful
    ? 'Thanks, glad it helped.'
    : 'Thanks, noted. Paste more of the output (all goroutines) and I may do better.';
  await ephemeralNote(click.respond, thanks);
}

/** A note only the clicker sees, leaving the message they clicked in place. */
async function ephemeralNote(respond: RespondFn, text: string): Promise<void> {
  const send = respondSender(respond, { response_type: 'ephemeral', replace_original: false });
  await send(formatNotice(text));
}

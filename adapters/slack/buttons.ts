// The reply buttons: their action ids, and the small values they carry (never the paste).
import type { types } from '@slack/bolt';
import { z } from 'zod';

/** Action ids; votes share the `crashdoc_vote_` prefix so one listener takes both. */
export const ACTION = {
  helpful: 'crashdoc_vote_helpful',
  notHelpful: 'crashdoc_vote_not_helpful',
  postToChannel: 'crashdoc_post_to_channel',
  expand: 'crashdoc_expand',
} as const;

/** What a vote button carries: the entry and the crash fingerprint it was shown for. */
export interface VoteRef {
  entryId: string | null;
  fingerprint: string | null;
}

/** Where the message an auto-reply answered lives, so "Show full diagnosis" can re-read it. */
export interface ExpandRef {
  channel: string;
  ts: string;
}

/** Which buttons a reply gets. */
export interface ButtonSpec {
  vote?: VoteRef;
  /** Key of the cached reply that "Post to channel" shares. */
  postToChannel?: string;
  expand?: ExpandRef;
}

const voteSchema = z.object({
  e: z.string().max(200).nullable(),
  f: z.string().max(200).nullable(),
});
const expandSchema = z.object({
  c: z.string().regex(/^[A-Z0-9]+$/),
  t: z.string().regex(/^\d+\.\d+$/),
});

/** The actions block for `spec`, or undefined when it asks for no buttons. */
export function actionsBlock(spec: ButtonSpec): types.ActionsBlock | undefined {
  const elements: types.Button[] = [];

  if (spec.expand) {
    const value = JSON.stringify({ c: spec.expand.channel, t: spec.expand.ts });
    elements.push(button(ACTION.expand, 'Show full diagnosis', value, 'primary'));
  }
  if (spec.postToChannel) {
    elements.push(button(ACTION.postToChannel, 'Post to channel', spec.postToChannel, 'primary'));
  }
  if (spec.vote) {
    const value = JSON.stringify({ e: spec.vote.entryId, f: spec.vote.fingerprint });
    elements.push(button(ACTION.helpful, 'Helpful', value));
    elements.push(button(ACTION.notHelpful, 'Not helpful', value));
  }

  return elements.length === 0
    ? undefined
    : { type: 'actions', block_id: 'crashdoc_actions', elements };
}

/** Reads a vote button's value; undefined when it is not one of ours. */
export function parseVoteValue(value: string | undefined): VoteRef | undefined {
  const parsed = voteSchema.safeParse(parseJson(value));
  return parsed.success ? { entryId: parsed.data.e, fingerprint: parsed.data.f } : undefined;
}

/** Reads an expand button's value; undefined when it is not one of ours. */
export function parseExpandValue(value: string | undefined): ExpandRef | undefined {
  const parsed = expandSchema.safeParse(parseJson(value));
  return parsed.success ? { channel: parsed.data.c, ts: parsed.data.t } : undefined;
}

function button(
  actionId: string,
  label: string,
  value: string,
  style?: 'primary' | 'danger',
): types.Button {
  const base: types.Button = {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label },
    value,
  };
  return style ? { ...base, style } : base;
}

function parseJson(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

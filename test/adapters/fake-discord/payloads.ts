// Gateway and REST payloads shaped like Discord's own (API v10), for the fake Discord.
import {
  type APIAttachment,
  type APIChannel,
  type APIGuildMember,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  type ChannelFlags,
  ChannelType,
  type GuildMemberFlags,
  InteractionType,
  type MessageFlags,
  MessageType,
} from 'discord.js';

export const GUILD_ID = '1100000000000000001';
export const BOT_ID = '1100000000000000002';
/** Discord's application id equals its bot user's id for bots made in the portal. */
export const APP_ID = BOT_ID;
export const QUIET_CHANNEL_ID = '1100000000000000010';
export const BUSY_CHANNEL_ID = '1100000000000000011';
export const ALICE_ID = '1100000000000000020';
export const OTHER_BOT_ID = '1100000000000000021';
export const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMg.fake.token-for-tests-only';

/** ViewChannel + SendMessages + ReadMessageHistory, without ManageChannels. */
export const MEMBER_PERMISSIONS = String((1n << 10n) | (1n << 11n) | (1n << 16n));
/** The above plus ManageChannels. */
export const MANAGER_PERMISSIONS = String(BigInt(MEMBER_PERMISSIONS) | (1n << 4n));

const DISCORD_EPOCH = 1_420_070_400_000n;
let counter = 0n;

/** A fresh snowflake holding the current time, as Discord's do (discord.js reads it). */
export function snowflake(): string {
  counter = (counter + 1n) % 4096n;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | counter);
}

export function user(id: string, username: string, isBot = false): APIUser {
  return { id, username, discriminator: '0', global_name: username, avatar: null, bot: isBot };
}

export const botUser = user(BOT_ID, 'crashdoc', true);
export const alice = user(ALICE_ID, 'alice');
export const otherBot = user(OTHER_BOT_ID, 'ci-bot', true);

function member(of: APIUser, permissions?: string): APIGuildMember & { permissions?: string } {
  return {
    user: of,
    roles: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    ...(permissions === undefined ? {} : { permissions }),
  };
}

export function textChannel(id: string, name: string): APIChannel {
  return {
    id,
    type: ChannelType.GuildText,
    guild_id: GUILD_ID,
    name,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
  };
}

export function threadChannel(id: string, parentId: string, name: string): APIChannel {
  return {
    id,
    type: ChannelType.PublicThread,
    guild_id: GUILD_ID,
    parent_id: parentId,
    owner_id: BOT_ID,
    name,
    last_message_id: null,
    message_count: 0,
    member_count: 1,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: new Date().toISOString(),
      locked: false,
    },
  };
}

/** The READY dispatch that follows IDENTIFY. */
export function ready(sessionId: string, resumeUrl: string) {
  return {
    v: 10,
    user: { ...botUser, verified: true, flags: 0, mfa_enabled: false },
    guilds: [{ id: GUILD_ID, unavailable: true }],
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    shard: [0, 1],
    application: { id: APP_ID, flags: 0 },
  };
}

/** The GUILD_CREATE dispatch: one server with a quiet and a busy text channel. */
export function guildCreate() {
  return {
    id: GUILD_ID,
    name: 'Gophers',
    icon: null,
    owner_id: ALICE_ID,
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 3,
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      {
        id: GUILD_ID,
        name: '@everyone',
        permissions: MEMBER_PERMISSIONS,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    members: [member(botUser)],
    channels: [textChannel(QUIET_CHANNEL_ID, 'help'), textChannel(BUSY_CHANNEL_ID, 'general')],
    threads: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MessageSpec {
  channelId?: string;
  author?: APIUser;
  content: string;
  mentionsBot?: boolean;
  attachments?: APIAttachment[];
  replyTo?: APIMessage;
  id?: string;
}

/** A MESSAGE_CREATE payload (also what GET /channels/:id/messages/:id returns). */
export function message(spec: MessageSpec): APIMessage & { guild_id: string; member: unknown } {
  const author = spec.author ?? alice;
  const channelId = spec.channelId ?? QUIET_CHANNEL_ID;
  return {
    id: spec.id ?? snowflake(),
    channel_id: channelId,
    guild_id: GUILD_ID,
    author,
    member: { ...member(author), user: undefined },
    content: spec.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: spec.mentionsBot ? [botUser] : [],
    mention_roles: [],
    attachments: spec.attachments ?? [],
    embeds: [],
    pinned: false,
    type: spec.replyTo ? MessageType.Reply : MessageType.Default,
    flags: 0 as MessageFlags,
    components: [],
    ...(spec.replyTo
      ? {
          message_reference: {
            message_id: spec.replyTo.id,
            channel_id: spec.replyTo.channel_id,
            guild_id: GUILD_ID,
          },
          referenced_message: spec.replyTo,
        }
      : {}),
  };
}

/** An attachment served by the fake at /attachments/:id/:name. */
export function attachment(
  baseUrl: string,
  name: string,
  size: number,
  type = 'text/plain; charset=utf-8',
) {
  const id = snowflake();
  const url = `${baseUrl}/attachments/${id}/${name}`;
  return {
    id,
    filename: name,
    size,
    url,
    proxy_url: url,
    content_type: type,
  } satisfies APIAttachment;
}

interface InteractionSpec {
  channelId?: string;
  /** The channel as Discord describes it in the interaction; a text channel by default. */
  channel?: APIChannel;
  permissions?: string;
  from?: APIUser;
}

function interaction(type: InteractionType, data: unknown, spec: InteractionSpec, extra = {}) {
  const channelId = spec.channelId ?? QUIET_CHANNEL_ID;
  return {
    id: snowflake(),
    application_id: APP_ID,
    type,
    data,
    guild_id: GUILD_ID,
    channel_id: channelId,
    channel: spec.channel ?? textChannel(channelId, 'help'),
    member: member(spec.from ?? alice, spec.permissions ?? MEMBER_PERMISSIONS),
    token: `interaction-token-${snowflake()}`,
    version: 1,
    app_permissions: MANAGER_PERMISSIONS,
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
    ...extra,
  } as unknown as APIInteraction;
}

/** `/diagnose` or `/crashdoc-autoreply`, with options and resolved attachments. */
export function slashCommand(
  name: string,
  options: unknown[] = [],
  spec: InteractionSpec & { attachments?: APIAttachment[] } = {},
): APIInteraction {
  const resolved = spec.attachments
    ? { attachments: Object.fromEntries(spec.attachments.map((a) => [a.id, a])) }
    : undefined;
  const data = { id: snowflake(), name, type: 1, options, ...(resolved ? { resolved } : {}) };
  return interaction(InteractionType.ApplicationCommand, data, spec);
}

/** The paste modal submitted with `text` in its field. */
export function modalSubmit(
  customId: string,
  fieldId: string,
  text: string,
  spec: InteractionSpec = {},
) {
  const data = {
    custom_id: customId,
    components: [{ type: 1, components: [{ type: 4, custom_id: fieldId, value: text }] }],
  };
  return interaction(InteractionType.ModalSubmit, data, spec);
}

/** A click on a button of `on` (a message the bot posted). */
export function buttonClick(customId: string, on: APIMessage, spec: InteractionSpec = {}) {
  const data = { custom_id: customId, component_type: 2 };
  return interaction(
    InteractionType.MessageComponent,
    data,
    { channelId: on.channel_id, ...spec },
    {
      message: on,
    },
  );
}

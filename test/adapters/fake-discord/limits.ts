// Checks shared by the Discord formatting tests: message and embed limits, whole code blocks.
import type { APIEmbed } from 'discord.js';
import { expect } from 'vitest';
import { EMBED_LIMITS, embedLength } from '../../../adapters/discord/format.js';

/** Lines opening or closing a fence; a well-formed message has an even number of them. */
export function fences(text: string): number {
  return text.split('\n').filter((line) => line.startsWith('```')).length;
}

/** The code lines of every `go` block in the messages, in order. */
export function goLines(contents: readonly string[]): string[] {
  return contents.flatMap((content) =>
    [...content.matchAll(/```go\n([\s\S]*?)\n```/g)].flatMap((m) => (m[1] ?? '').split('\n')),
  );
}

/** Asserts one message (content and embeds) is within Discord's limits, fences balanced. */
export function expectWithinLimits(embeds: readonly APIEmbed[], content?: string): void {
  expect((content ?? '').length).toBeLessThanOrEqual(2000);
  expect(fences(content ?? '') % 2).toBe(0);
  for (const embed of embeds) {
    expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
    }
  }
}

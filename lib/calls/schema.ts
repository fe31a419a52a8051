import { z } from "zod";

/**
 * A call as the public API returns it. Every outbound call goes through `toPublicCall`, which
 * parses with this schema: unknown fields (organizationId, isPrivate, createdAt, anything a
 * future column adds) are stripped, so internal data cannot leak by accident.
 */
export const publicCallSchema = z
  .object({
    id: z.string().meta({ description: "Stable identifier of the call.", example: "cm3k9x2ab0001qz8h4d7f6e5c" }),
    title: z.string().meta({ description: "The call's title.", example: "Initech — Discovery call" }),
    startedAt: z.iso
      .datetime()
      .meta({ description: "When the call started (ISO 8601, UTC).", example: "2026-11-20T15:30:00.000Z" }),
    durationSeconds: z.number().int().min(0).meta({ description: "Length of the call in seconds.", example: 1800 }),
    participants: z
      .array(z.string())
      .meta({ description: "Names of the people on the call.", example: ["Avery Admin", "Sam (Initech)"] }),
    summary: z.string().meta({
      description: "A short summary of the call.",
      example: "Discovery call with Initech: goals, blockers and agreed next steps.",
    }),
  })
  .meta({ description: "A recorded call. Private calls are never returned." });

export type PublicCall = z.infer<typeof publicCallSchema>;

/** A call as the list's raw query returns it: checked, because $queryRaw's rows are untyped. */
export const callRowSchema = publicCallSchema.extend({ startedAt: z.date() });
export type CallRow = z.infer<typeof callRowSchema>;

export function toPublicCall(row: CallRow): PublicCall {
  return publicCallSchema.parse({ ...row, startedAt: row.startedAt.toISOString() });
}

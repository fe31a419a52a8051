import { z } from "zod";

/**
 * A call as the public API returns it. Every outbound call is parsed with this schema exactly
 * once (the list's rows in lib/calls/queries.ts, one call through `toPublicCall`): unknown fields
 * (organizationId, isPrivate, createdAt, anything a future column adds) are stripped, so internal
 * data cannot leak by accident.
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

/** A call as Prisma returns it (startedAt a Date), with whatever other fields it carries. */
export type CallRecord = Omit<PublicCall, "startedAt"> & { startedAt: Date };

export function toPublicCall(row: CallRecord): PublicCall {
  return publicCallSchema.parse({ ...row, startedAt: row.startedAt.toISOString() });
}

import { z } from "zod";
import { PERMISSIONS } from "../api-keys/permissions";
import { publicCallSchema } from "../calls/schema";
import { isStorableInstant } from "../db/instant";
import { decodeKeysetCursor } from "../db/keyset-cursor";
import { apiErrorBodySchema } from "./errors";

/**
 * The API's request and response schemas. Handlers parse with them and the OpenAPI document is
 * generated from them (lib/api/openapi.ts), so the docs cannot drift from what is served.
 */
export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;

export const LIMIT_MESSAGE = `The limit query parameter must be a whole number from 1 to ${LIST_LIMIT_MAX}.`;
export const CURSOR_MESSAGE =
  "The cursor query parameter is not valid: pass the nextCursor value of the previous page unchanged.";

/**
 * An ISO 8601 date-time with a zone (Z or an offset), so a bound never depends on the server's
 * time zone. Stored times have millisecond precision: digits beyond are rounded in the
 * direction that keeps the exclusive bound exact (down for startedAfter, up for startedBefore).
 */
function startedBound(name: "startedAfter" | "startedBefore", description: string) {
  const message = `The ${name} query parameter must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z.`;
  return z.iso
    .datetime({ offset: true, error: message })
    .transform((value, ctx) => {
      const date = new Date(value);
      const subMillisecond = /\.\d{3}0*[1-9]/.test(value);
      if (name === "startedBefore" && subMillisecond) date.setTime(date.getTime() + 1);
      // Years 1–9999 only (lib/db/instant.ts); the calls' years are far from either end anyway.
      if (!isStorableInstant(date)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return date;
    })
    .optional()
    .meta({ description, example: "2026-12-01T00:00:00Z" });
}

/** `limit` of every list (calls, keys, activity): 1–100, default 20. */
export function limitParameter(what: string) {
  // Digits only: Number() would also read "1e1", "0x5", " 10" and "+5", which no client means.
  return (
    z
      .string()
      .regex(/^[1-9][0-9]{0,2}$/, { error: LIMIT_MESSAGE })
      .transform(Number)
      .pipe(z.number().max(LIST_LIMIT_MAX, { error: LIMIT_MESSAGE }))
      .default(LIST_LIMIT_DEFAULT)
      // Documented as the integer it is; the pattern above is how its text is checked.
      .meta({
        description: `How many ${what} to return (1–${LIST_LIMIT_MAX}).`,
        type: "integer",
        minimum: 1,
        maximum: LIST_LIMIT_MAX,
      })
  );
}

export const listCallsQuerySchema = z.object({
  // Digits only: Number() would also read "1e1", "0x5", " 10" and "+5", which no client means.
  limit: limitParameter("calls"),
  cursor: z
    .string({ error: CURSOR_MESSAGE })
    .transform((value, ctx) => {
      const cursor = decodeKeysetCursor(value);
      if (!cursor) {
        ctx.addIssue({ code: "custom", message: CURSOR_MESSAGE });
        return z.NEVER;
      }
      return cursor;
    })
    .optional()
    .meta({ description: "The nextCursor of the previous page; omit it for the first page." }),
  startedAfter: startedBound(
    "startedAfter",
    "Only calls that started strictly after this instant (ISO 8601 with Z or an offset). Pass it with every page.",
  ),
  startedBefore: startedBound(
    "startedBefore",
    "Only calls that started strictly before this instant (ISO 8601 with Z or an offset). Pass it with every page.",
  ),
});

export const callIdParamSchema = z.string().meta({ description: "The call's `id`." });

export const meResponseSchema = z
  .object({
    data: z.object({
      organization: z.object({
        id: z.string(),
        name: z.string().meta({ example: "Acme" }),
        slug: z.string().meta({ example: "acme" }),
      }),
      apiKey: z.object({
        id: z.string(),
        name: z.string().meta({ example: "Internal data warehouse export" }),
        prefix: z.string().meta({ description: "The key's first characters, as Settings → API shows them." }),
        permissions: z
          .array(z.enum(PERMISSIONS))
          .meta({ description: "What this key may do.", example: ["calls:read"] }),
        expiresAt: z.iso.datetime().nullable().meta({ description: "When this key stops working; null → never." }),
        allowedAddresses: z
          .array(z.string())
          .meta({ description: "Addresses and CIDR ranges this key may be used from; empty → any." }),
      }),
    }),
  })
  .meta({ description: "The organization and the key the request authenticated as." });

export const callListResponseSchema = z
  .object({
    data: z.array(publicCallSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass it as cursor to get the next page; null on the last page." }),
  })
  .meta({ description: "A page of calls, newest first." });

export const callResponseSchema = z.object({ data: publicCallSchema });

/** Schemas the OpenAPI document lists under components.schemas, by name. */
export const apiSchemaRegistry = z.registry<{ id: string }>();
/** Request bodies: documented as what a client sends (zod's input side), before any transform. */
export const apiRequestSchemaRegistry = z.registry<{ id: string }>();
publicCallSchema.register(apiSchemaRegistry, { id: "Call" });
meResponseSchema.register(apiSchemaRegistry, { id: "MeResponse" });
callListResponseSchema.register(apiSchemaRegistry, { id: "CallListResponse" });
callResponseSchema.register(apiSchemaRegistry, { id: "CallResponse" });
apiErrorBodySchema.register(apiSchemaRegistry, { id: "Error" });

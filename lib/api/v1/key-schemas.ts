import { z } from "zod";
import type { GRACE_CHOICES } from "../../api-keys/expiry";
import { PERMISSIONS } from "../../api-keys/permissions";
import { apiKeyNameSchema, permissionsSchema } from "../../api-keys/schemas";
import { KEY_STATUSES } from "../../api-keys/views/key-list";
import { isStorableInstant } from "../../db/instant";
import { decodeKeysetCursor } from "../../db/keyset-cursor";
import { parseAllowList } from "../../http/cidr";
import { apiRequestSchemaRegistry, apiSchemaRegistry, CURSOR_MESSAGE, limitParameter } from "../schemas";

/**
 * The management API's request and response schemas (GET/POST/PATCH/DELETE /api/v1/keys…):
 * handlers parse with them, the OpenAPI document and the typed client are generated from them.
 * The rules are the UI's (lib/api-keys/schemas.ts): same names, same messages.
 */

const permissionList = z.array(z.enum(PERMISSIONS)).meta({
  description: "What the key may do. `keys:write` implies `keys:read`.",
  example: ["calls:read"],
});

export const publicKeySchema = z
  .object({
    id: z.string(),
    name: z.string().meta({ example: "CI rotation" }),
    prefix: z
      .string()
      .meta({ description: "The key's first characters, as Settings → API shows them.", example: "glyk_AbC1" }),
    status: z.enum(KEY_STATUSES),
    permissions: permissionList,
    createdAt: z.iso.datetime(),
    createdBy: z.object({ name: z.string() }).nullable().meta({
      description: "Who created it: a member, or “API key “…”” for a key made through this API; null when unknown.",
    }),
    lastUsedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().nullable(),
    allowedAddresses: z
      .array(z.string())
      .meta({ description: "Addresses and CIDR ranges it may be used from; empty → any." }),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ description: "An API key. Never its secret or hash." });
export type PublicKey = z.infer<typeof publicKeySchema>;

export const keyResponseSchema = z.object({ data: publicKeySchema });
export const createdKeyResponseSchema = z
  .object({
    data: publicKeySchema.extend({
      key: z.string().meta({ description: "The full key. Shown in this response only: store it now." }),
    }),
  })
  .meta({ description: "The new key, with its secret — the only time it is sent." });
export const keyListResponseSchema = z
  .object({
    data: z.array(publicKeySchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass it as cursor to get the next page; null on the last page." }),
  })
  .meta({ description: "A page of keys, newest first." });

/** A cursor of this list, or a 400 naming the parameter. */
export const cursorParameter = z
  .string({ error: CURSOR_MESSAGE })
  .transform((value, ctx) => {
    const cursor = decodeKeysetCursor(value);
    if (!cursor) ctx.addIssue({ code: "custom", message: CURSOR_MESSAGE });
    return cursor ?? z.NEVER;
  })
  .optional()
  .meta({ description: "The nextCursor of the previous page." });

export const listKeysQuerySchema = z.object({
  limit: limitParameter("keys"),
  cursor: cursorParameter,
  status: z
    .enum(KEY_STATUSES, { error: `The status query parameter must be one of ${KEY_STATUSES.join(", ")}.` })
    .optional()
    .meta({ description: "Only keys in this state." }),
});

const FUTURE_MESSAGE = "expiresAt must be an ISO 8601 date-time in the future, e.g. 2027-03-01T00:00:00Z.";
const expiresAtField = z.iso
  .datetime({ offset: true, error: FUTURE_MESSAGE })
  .transform((value, ctx) => {
    const date = new Date(value);
    if (!isStorableInstant(date) || date.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", message: FUTURE_MESSAGE });
      return z.NEVER;
    }
    return date;
  })
  .nullable()
  .meta({ description: "When the key stops working; null → never.", example: "2027-03-01T00:00:00Z" });

const addressesField = z
  .array(z.string().max(100), { error: "allowedAddresses must be a list of addresses or CIDR ranges." })
  .max(50, "Enter at most 50 addresses or ranges.")
  .transform((entries, ctx) => {
    const parsed = parseAllowList(entries.join("\n"));
    if (parsed.ok) return parsed.entries;
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  })
  .meta({ description: "Addresses and CIDR ranges the key may be used from; empty → any.", example: ["192.0.2.0/24"] });

export const createKeyBodySchema = z
  .object({
    name: apiKeyNameSchema,
    permissions: permissionsSchema.optional().meta({ description: "Absent → calls:read." }),
    expiresInDays: z
      .number({ error: "expiresInDays must be a whole number of days from 1 to 3650." })
      .int("expiresInDays must be a whole number of days from 1 to 3650.")
      .min(1, "expiresInDays must be a whole number of days from 1 to 3650.")
      .max(3650, "expiresInDays must be a whole number of days from 1 to 3650.")
      .nullable()
      .optional(),
    expiresAt: expiresAtField.optional(),
    allowedAddresses: addressesField.optional(),
  })
  .strict()
  .refine((body) => body.expiresInDays == null || body.expiresAt === undefined, {
    message: "Send expiresInDays or expiresAt, not both.",
  })
  .meta({ description: "A new key. Only `name` is required." });

export const updateKeyBodySchema = z
  .object({
    name: apiKeyNameSchema.optional(),
    expiresAt: expiresAtField.optional(),
    permissions: permissionsSchema.optional(),
    allowedAddresses: addressesField.optional(),
  })
  .strict()
  .meta({ description: "The fields to change; others stay as they are." });

export const rollKeyBodySchema = z
  .object({
    gracePeriodSeconds: z
      .union([z.literal(0), z.literal(3600), z.literal(86400), z.literal(604800)], {
        error: "gracePeriodSeconds must be 0, 3600, 86400 or 604800 (now, 1 hour, 24 hours or 7 days).",
      })
      .meta({ description: "How long the old key keeps working: the UI's choices." }),
  })
  .strict();

export const GRACE_BY_SECONDS = { 0: "now", 3600: "1h", 86400: "24h", 604800: "7d" } as const satisfies Record<
  number,
  (typeof GRACE_CHOICES)[number]
>;

const outcomes = {
  requests: z.number().int(),
  successes: z.number().int(),
  clientErrors: z.number().int(),
  rateLimited: z.number().int(),
  serverErrors: z.number().int(),
};
export const keyUsageResponseSchema = z
  .object({ data: z.array(z.object({ hour: z.iso.datetime(), ...outcomes })) })
  .meta({
    description: "The key's requests per hour by outcome over the last 30 days; hours without any are left out.",
  });

export const keyRequestsResponseSchema = z
  .object({
    data: z.array(
      z.object({
        id: z.string(),
        at: z.iso.datetime(),
        method: z.string(),
        path: z.string(),
        status: z.number().int(),
        clientAddress: z.string(),
        userAgent: z.string().nullable(),
        durationMs: z.number(),
      }),
    ),
  })
  .meta({ description: "The key's latest recorded requests, newest first (as its page shows them)." });

publicKeySchema.register(apiSchemaRegistry, { id: "ApiKey" });
keyResponseSchema.register(apiSchemaRegistry, { id: "ApiKeyResponse" });
createdKeyResponseSchema.register(apiSchemaRegistry, { id: "CreatedApiKeyResponse" });
keyListResponseSchema.register(apiSchemaRegistry, { id: "ApiKeyListResponse" });
createKeyBodySchema.register(apiRequestSchemaRegistry, { id: "CreateApiKeyRequest" });
updateKeyBodySchema.register(apiRequestSchemaRegistry, { id: "UpdateApiKeyRequest" });
rollKeyBodySchema.register(apiRequestSchemaRegistry, { id: "RollApiKeyRequest" });
keyUsageResponseSchema.register(apiSchemaRegistry, { id: "ApiKeyUsageResponse" });
keyRequestsResponseSchema.register(apiSchemaRegistry, { id: "ApiKeyRequestsResponse" });

import { createApiKey } from "../../api-keys/commands/create";
import type { Actor } from "../../api-keys/commands/key-change";
import { revokeApiKey } from "../../api-keys/commands/revoke";
import { rollApiKey } from "../../api-keys/commands/roll";
import { updateApiKey } from "../../api-keys/commands/update";
import { listKeyPage, publicKeyStatus } from "../../api-keys/views/key-list";
import { createdByLabel } from "../../api-keys/views/rows";
import { type ApiKeyDetail, findKeyDetail } from "../../api-keys/views/summary";
import { db } from "../../db/client";
import { isRecordId } from "../../db/record-id";
import { hourlyUsageOf, recentRequestsOf } from "../../requests/key-requests";
import { parseBody } from "../body";
import { API_ERROR_MESSAGES, ApiError } from "../errors";
import { defineOperation } from "../operation";
import { parseQuery } from "../query";
import { type ApiKeyContext, ApiResult } from "../with-api-key";
import { asApiCommand } from "./domain-errors";
import {
  createKeyBodySchema,
  GRACE_BY_SECONDS,
  listKeysQuerySchema,
  type PublicKey,
  rollKeyBodySchema,
  updateKeyBodySchema,
} from "./key-schemas";

/**
 * The management API: keys with the right permissions manage keys. Every change goes through
 * the same commands as Settings → API (lib/api-keys/commands), with the calling key as the
 * actor: same rules, same messages, audited as "API key “…” (glyk_…)".
 */

type KeyParams = { id: string };
const ID_PARAM = { id: "The key's `id`." };

export function toPublicKey(key: ApiKeyDetail, now = new Date()): PublicKey {
  const createdBy = createdByLabel(key);
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    status: publicKeyStatus(key, now),
    permissions: key.permissions,
    createdAt: key.createdAt.toISOString(),
    createdBy: createdBy === null ? null : { name: createdBy },
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    allowedAddresses: key.allowedAddresses,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

function actorOf({ org, apiKey }: ApiKeyContext<unknown>): Actor {
  return {
    organizationId: org.id,
    userId: null,
    apiKey: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, permissions: apiKey.permissions },
  };
}

/** The organization's key with this id, or a 404 (another organization's key is not found either). */
async function keyOf(organizationId: string, id: string): Promise<ApiKeyDetail> {
  const key = isRecordId(id) ? await findKeyDetail(db, organizationId, id) : null;
  if (!key) throw new ApiError("not_found", API_ERROR_MESSAGES.key_not_found);
  return key;
}

export const listKeys = defineOperation({
  method: "GET",
  path: "/keys",
  operationId: "listKeys",
  summary: "List API keys, newest first",
  description: "Every key of your organization, revoked ones included. Follow `nextCursor` until it is null.",
  permission: "keys:read",
  query: listKeysQuerySchema,
  success: { status: 200, schema: "ApiKeyListResponse", description: "A page of keys." },
  errors: ["400"],
  async handler(request, { org }) {
    const query = parseQuery(listKeysQuerySchema, request.nextUrl.searchParams);
    const now = new Date();
    const page = await listKeyPage(org.id, query, now);
    return { data: page.keys.map((key) => toPublicKey(key, now)), nextCursor: page.nextCursor };
  },
});

export const createKey = defineOperation({
  method: "POST",
  path: "/keys",
  operationId: "createKey",
  summary: "Create an API key",
  description:
    "Answers 201 with the new key's secret in `data.key` — the only time it is sent. With an `Idempotency-Key` " +
    "header, a retry within 24 hours creates nothing and answers 409 `idempotency_key_reused`, naming the key " +
    "the first request created. A key can only grant permissions it holds itself.",
  permission: "keys:write",
  body: {
    schema: "CreateApiKeyRequest",
    example: { name: "CI rotation", permissions: ["calls:read"], expiresInDays: 90 },
  },
  headers: { "Idempotency-Key": "Any string up to 200 characters that identifies this create, e.g. a UUID." },
  success: { status: 201, schema: "CreatedApiKeyResponse", description: "The new key, with its secret." },
  errors: ["400", "403", "409", "422"],
  async handler(request, context) {
    const body = await parseBody(request, createKeyBodySchema);
    const idempotencyKey = request.headers.get("idempotency-key")?.trim() || undefined;
    if (idempotencyKey !== undefined && idempotencyKey.length > 200) {
      throw new ApiError("bad_request", "The Idempotency-Key header must be at most 200 characters.");
    }
    const created = await asApiCommand(() =>
      createApiKey({
        ...actorOf(context),
        name: body.name,
        permissions: body.permissions,
        expiresInDays: body.expiresInDays ?? null,
        ...(body.expiresAt !== undefined ? { expiresAt: body.expiresAt } : {}),
        allowedAddresses: body.allowedAddresses,
        idempotencyKey,
      }),
    );
    return new ApiResult(201, { data: { ...toPublicKey(created.summary), key: created.key } });
  },
});

export const getKey = defineOperation<KeyParams>({
  method: "GET",
  path: "/keys/{id}",
  operationId: "getKey",
  summary: "One API key",
  permission: "keys:read",
  params: ID_PARAM,
  success: { status: 200, schema: "ApiKeyResponse", description: "The key." },
  errors: ["404"],
  async handler(_request, { org, params }) {
    return { data: toPublicKey(await keyOf(org.id, params.id)) };
  },
});

export const updateKey = defineOperation<KeyParams>({
  method: "PATCH",
  path: "/keys/{id}",
  operationId: "updateKey",
  summary: "Change a key's name, expiry, permissions or allowed addresses",
  description:
    "All or nothing, effective on the key's next request on every instance. A key can only change keys whose " +
    "permissions it holds, and grant only permissions it holds.",
  permission: "keys:write",
  params: ID_PARAM,
  body: { schema: "UpdateApiKeyRequest", example: { permissions: ["calls:read", "activity:read"] } },
  success: { status: 200, schema: "ApiKeyResponse", description: "The key as it is now." },
  errors: ["400", "403", "404", "422"],
  async handler(request, context) {
    const key = await keyOf(context.org.id, context.params.id);
    const body = await parseBody(request, updateKeyBodySchema);
    await asApiCommand(() => updateApiKey({ ...actorOf(context), keyId: key.id, ...body }));
    return { data: toPublicKey(await keyOf(context.org.id, key.id)) };
  },
});

export const revokeKey = defineOperation<KeyParams>({
  method: "DELETE",
  path: "/keys/{id}",
  operationId: "revokeKey",
  summary: "Revoke a key",
  description:
    "It stops working on its next request, on every instance. A key may revoke itself. Revoking a revoked key " +
    "answers 200 with the key as it is.",
  permission: "keys:write",
  params: ID_PARAM,
  success: { status: 200, schema: "ApiKeyResponse", description: "The revoked key." },
  errors: ["404"],
  async handler(_request, context) {
    const key = await keyOf(context.org.id, context.params.id);
    if (key.revokedAt === null) {
      await asApiCommand(() => revokeApiKey({ ...actorOf(context), keyId: key.id })).catch((error: unknown) => {
        // Revoked meanwhile by someone else: the answer is the same.
        if (!(error instanceof ApiError && error.code === "not_found")) throw error;
      });
    }
    return { data: toPublicKey(await keyOf(context.org.id, key.id)) };
  },
});

export const rollKey = defineOperation<KeyParams>({
  method: "POST",
  path: "/keys/{id}/roll",
  operationId: "rollKey",
  summary: "Roll a key: a replacement now, the old key working for a grace period",
  description:
    "The replacement keeps the name, permissions, allowed addresses and lifetime; its secret is in `data.key`, " +
    'sent this once. A key may roll itself: the rotation pattern (README, "Automating keys").',
  permission: "keys:write",
  params: ID_PARAM,
  body: { schema: "RollApiKeyRequest", example: { gracePeriodSeconds: 86400 } },
  success: { status: 201, schema: "CreatedApiKeyResponse", description: "The replacement, with its secret." },
  errors: ["400", "403", "404", "422"],
  async handler(request, context) {
    const key = await keyOf(context.org.id, context.params.id);
    const body = await parseBody(request, rollKeyBodySchema);
    const rolled = await asApiCommand(() =>
      rollApiKey({ ...actorOf(context), keyId: key.id, grace: GRACE_BY_SECONDS[body.gracePeriodSeconds] }),
    );
    return new ApiResult(201, { data: { ...toPublicKey(rolled.summary), key: rolled.key } });
  },
});

export const keyRequests = defineOperation<KeyParams>({
  method: "GET",
  path: "/keys/{id}/requests",
  operationId: "listKeyRequests",
  summary: "A key's latest requests",
  permission: "keys:read",
  params: ID_PARAM,
  success: { status: 200, schema: "ApiKeyRequestsResponse", description: "Up to 100 requests, newest first." },
  errors: ["404"],
  async handler(_request, { org, params }) {
    const key = await keyOf(org.id, params.id);
    return { data: await recentRequestsOf(key.id) };
  },
});

export const keyUsage = defineOperation<KeyParams>({
  method: "GET",
  path: "/keys/{id}/usage",
  operationId: "getKeyUsage",
  summary: "A key's requests per hour by outcome, last 30 days",
  permission: "keys:read",
  params: ID_PARAM,
  success: { status: 200, schema: "ApiKeyUsageResponse", description: "Hours with requests, oldest first." },
  errors: ["404"],
  async handler(_request, { org, params }) {
    const key = await keyOf(org.id, params.id);
    return { data: await hourlyUsageOf(key.id, new Date()) };
  },
});

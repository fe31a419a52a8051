/**
 * The types of /api/v1, generated from the OpenAPI document (lib/api/openapi.ts) by
 * `npm run api:types`. Do not edit: change the operations in lib/api/v1 and run it again.
 */

export interface paths {
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organization and key you are authenticated as
         * @description Any valid key may ask: an integration can check its own permissions, expiry and allowed addresses. Any valid key may call this: no permission is needed.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List calls, newest first
         * @description Non-private calls of your organization, newest first (by `startedAt`, then `id`). Follow `nextCursor` until it is null to read them all. Needs the `calls:read` permission.
         */
        get: operations["listCalls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One call
         * @description Needs the `calls:read` permission.
         */
        get: operations["getCall"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys, newest first
         * @description Every key of your organization, revoked ones included. Follow `nextCursor` until it is null. Needs the `keys:read` permission.
         */
        get: operations["listKeys"];
        put?: never;
        /**
         * Create an API key
         * @description Answers 201 with the new key's secret in `data.key` — the only time it is sent. With an `Idempotency-Key` header, a retry within 24 hours creates nothing and answers 409 `idempotency_key_reused`, naming the key the first request created. A key can only grant permissions it holds itself. Needs the `keys:write` permission.
         */
        post: operations["createKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One API key
         * @description Needs the `keys:read` permission.
         */
        get: operations["getKey"];
        put?: never;
        post?: never;
        /**
         * Revoke a key
         * @description It stops working on its next request, on every instance. A key may revoke itself. Revoking a revoked key answers 200 with the key as it is. Needs the `keys:write` permission.
         */
        delete: operations["revokeKey"];
        options?: never;
        head?: never;
        /**
         * Change a key's name, expiry, permissions or allowed addresses
         * @description All or nothing, effective on the key's next request on every instance. A key can only change keys whose permissions it holds, and grant only permissions it holds. Needs the `keys:write` permission.
         */
        patch: operations["updateKey"];
        trace?: never;
    };
    "/keys/{id}/roll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Roll a key: a replacement now, the old key working for a grace period
         * @description The replacement keeps the name, permissions, allowed addresses and lifetime; its secret is in `data.key`, sent this once. A key may roll itself: the rotation pattern (README, "Automating keys"). Needs the `keys:write` permission.
         */
        post: operations["rollKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/keys/{id}/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A key's latest requests
         * @description Needs the `keys:read` permission.
         */
        get: operations["listKeyRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/keys/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A key's requests per hour by outcome, last 30 days
         * @description Needs the `keys:read` permission.
         */
        get: operations["getKeyUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log of API keys, newest first
         * @description Who created, changed, rolled and revoked keys, as Settings → API shows it. For a SIEM: remember the newest `id` you stored and pass it as `after` next time; page with `cursor` within one pull. Needs the `activity:read` permission.
         */
        get: operations["listActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description No key needed.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "key.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Key created
         * @description A key was created (in Settings → API or through the API). Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["keyCreatedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "key.updated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Key updated
         * @description A key's name, expiry, permissions or allowed addresses changed; `data.changes` names what changed. Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["keyUpdatedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "key.rolled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Key rolled
         * @description A key was rolled: `data.key` is the old key (now in its grace period), `data.replacement` the new one. Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["keyRolledWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "key.revoked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Key revoked
         * @description A key was revoked, by a person, an API key or secret scanning. Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["keyRevokedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "key.leaked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Key leaked
         * @description A key was found in public (secret scanning) and revoked; `data.leak` says where. Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["keyLeakedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "key.expiring": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Key expiring
         * @description A key expires in 7 days or in 1 day (`data.expiresInDays`), once each. Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["keyExpiringWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "key.still_tried": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stopped key still tried
         * @description Requests still came in for a revoked or expired key (at most once per key per day). Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["keyStillTriedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "key.new_network": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Key used from a new network
         * @description A key was used from a network it had not been used from (`data.network`), once per key and network per day. Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["keyNewNetworkWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "policy.updated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Key policies changed
         * @description An owner changed the organization's key policies; `data.changes` lists the changes. No `data.key`. Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["policyUpdatedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "webhook.test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test event
         * @description Sent by Send test event on the endpoint's page. Sent as a signed POST (Standard Webhooks) to each enabled endpoint that takes this event; endpoints are added in Settings → API → Webhooks.
         */
        post: operations["webhookTestWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description A recorded call. Private calls are never returned. */
        Call: {
            /**
             * @description Stable identifier of the call.
             * @example cm3k9x2ab0001qz8h4d7f6e5c
             */
            id: string;
            /**
             * @description The call's title.
             * @example Initech — Discovery call
             */
            title: string;
            /**
             * Format: date-time
             * @description When the call started (ISO 8601, UTC).
             * @example 2026-11-20T15:30:00.000Z
             */
            startedAt: string;
            /**
             * @description Length of the call in seconds.
             * @example 1800
             */
            durationSeconds: number;
            /**
             * @description Names of the people on the call.
             * @example [
             *       "Avery Admin",
             *       "Sam (Initech)"
             *     ]
             */
            participants: string[];
            /**
             * @description A short summary of the call.
             * @example Discovery call with Initech: goals, blockers and agreed next steps.
             */
            summary: string;
        };
        /** @description The organization and the key the request authenticated as. */
        MeResponse: {
            data: {
                organization: {
                    id: string;
                    /** @example Acme */
                    name: string;
                    /** @example acme */
                    slug: string;
                };
                apiKey: {
                    id: string;
                    /** @example Internal data warehouse export */
                    name: string;
                    /** @description The key's first characters, as Settings → API shows them. */
                    prefix: string;
                    /**
                     * @description What this key may do.
                     * @example [
                     *       "calls:read"
                     *     ]
                     */
                    permissions: ("calls:read" | "keys:read" | "keys:write" | "activity:read")[];
                    /** @description When this key stops working; null → never. */
                    expiresAt: string | null;
                    /** @description Addresses and CIDR ranges this key may be used from; empty → any. */
                    allowedAddresses: string[];
                };
            };
        };
        /** @description A page of calls, newest first. */
        CallListResponse: {
            data: components["schemas"]["Call"][];
            /** @description Pass it as cursor to get the next page; null on the last page. */
            nextCursor: string | null;
        };
        CallResponse: {
            data: components["schemas"]["Call"];
        };
        /** @description Every error response has this shape. */
        Error: {
            error: {
                /**
                 * @description Stable, machine-readable code.
                 * @enum {string}
                 */
                code: "bad_request" | "missing_api_key" | "invalid_api_key" | "address_not_allowed" | "insufficient_permission" | "permission_not_held" | "not_found" | "method_not_allowed" | "key_limit_reached" | "idempotency_key_reused" | "policy_violation" | "rate_limited" | "internal_error" | "service_unavailable";
                /** @description A sentence for people: what happened and what to do next. */
                message: string;
            };
        };
        /** @description An API key. Never its secret or hash. */
        ApiKey: {
            id: string;
            /** @example CI rotation */
            name: string;
            /**
             * @description The key's first characters, as Settings → API shows them.
             * @example glyk_AbC1
             */
            prefix: string;
            /** @enum {string} */
            status: "active" | "rolling" | "expired" | "revoked";
            /**
             * @description What the key may do. `keys:write` implies `keys:read`.
             * @example [
             *       "calls:read"
             *     ]
             */
            permissions: ("calls:read" | "keys:read" | "keys:write" | "activity:read")[];
            /** Format: date-time */
            createdAt: string;
            /** @description Who created it: a member, or “API key “…”” for a key made through this API; null when unknown. */
            createdBy: {
                name: string;
            } | null;
            lastUsedAt: string | null;
            expiresAt: string | null;
            /** @description Addresses and CIDR ranges it may be used from; empty → any. */
            allowedAddresses: string[];
            revokedAt: string | null;
        };
        ApiKeyResponse: {
            data: components["schemas"]["ApiKey"];
        };
        /** @description The new key, with its secret — the only time it is sent. */
        CreatedApiKeyResponse: {
            data: {
                id: string;
                /** @example CI rotation */
                name: string;
                /**
                 * @description The key's first characters, as Settings → API shows them.
                 * @example glyk_AbC1
                 */
                prefix: string;
                /** @enum {string} */
                status: "active" | "rolling" | "expired" | "revoked";
                /**
                 * @description What the key may do. `keys:write` implies `keys:read`.
                 * @example [
                 *       "calls:read"
                 *     ]
                 */
                permissions: ("calls:read" | "keys:read" | "keys:write" | "activity:read")[];
                /** Format: date-time */
                createdAt: string;
                /** @description Who created it: a member, or “API key “…”” for a key made through this API; null when unknown. */
                createdBy: {
                    name: string;
                } | null;
                lastUsedAt: string | null;
                expiresAt: string | null;
                /** @description Addresses and CIDR ranges it may be used from; empty → any. */
                allowedAddresses: string[];
                revokedAt: string | null;
                /** @description The full key. Shown in this response only: store it now. */
                key: string;
            };
        };
        /** @description A page of keys, newest first. */
        ApiKeyListResponse: {
            data: components["schemas"]["ApiKey"][];
            /** @description Pass it as cursor to get the next page; null on the last page. */
            nextCursor: string | null;
        };
        /** @description The key's requests per hour by outcome over the last 30 days; hours without any are left out. */
        ApiKeyUsageResponse: {
            data: {
                /** Format: date-time */
                hour: string;
                requests: number;
                successes: number;
                clientErrors: number;
                rateLimited: number;
                serverErrors: number;
            }[];
        };
        /** @description The key's latest recorded requests, newest first (as its page shows them). */
        ApiKeyRequestsResponse: {
            data: {
                id: string;
                /** Format: date-time */
                at: string;
                method: string;
                path: string;
                status: number;
                clientAddress: string;
                userAgent: string | null;
                durationMs: number;
            }[];
        };
        /** @description One change to an API key: who made it, when, to which key. */
        ActivityEvent: {
            id: string;
            /** Format: date-time */
            occurredAt: string;
            /** @example api_key.rolled */
            action: string;
            actor: {
                /** @enum {string} */
                type: "user" | "api_key" | "system";
                /** @description Null when the member has left the organization. */
                name: string | null;
                email?: string | null;
                keyId?: string;
                prefix?: string;
            };
            key: {
                id: string | null;
                name: string;
                prefix: string;
            };
            /** @description What changed, by action (never a secret). */
            details: unknown;
        };
        /** @description A page of events, newest first. */
        ActivityListResponse: {
            data: components["schemas"]["ActivityEvent"][];
            /** @description Pass it as cursor to get the next page; null on the last page. */
            nextCursor: string | null;
        };
        /** @description A new key. Only `name` is required. */
        CreateApiKeyRequest: {
            name: string;
            /** @description Absent → calls:read. */
            permissions?: ("calls:read" | "keys:read" | "keys:write" | "activity:read")[];
            expiresInDays?: number | null;
            /**
             * @description When the key stops working; null → never.
             * @example 2027-03-01T00:00:00Z
             */
            expiresAt?: string | null;
            /**
             * @description Addresses and CIDR ranges the key may be used from; empty → any.
             * @example [
             *       "192.0.2.0/24"
             *     ]
             */
            allowedAddresses?: string[];
        };
        /** @description The fields to change; others stay as they are. */
        UpdateApiKeyRequest: {
            name?: string;
            /**
             * @description When the key stops working; null → never.
             * @example 2027-03-01T00:00:00Z
             */
            expiresAt?: string | null;
            permissions?: ("calls:read" | "keys:read" | "keys:write" | "activity:read")[];
            /**
             * @description Addresses and CIDR ranges the key may be used from; empty → any.
             * @example [
             *       "192.0.2.0/24"
             *     ]
             */
            allowedAddresses?: string[];
        };
        RollApiKeyRequest: {
            /** @description How long the old key keeps working: the UI's choices. */
            gracePeriodSeconds: 0 | 3600 | 86400 | 604800;
        };
        /** @description The organization the event is about. */
        WebhookOrganization: {
            id: string;
            /** @example acme */
            slug: string;
        };
        /** @description The key the event is about, as the change left it. Never its secret or hash. */
        WebhookKey: {
            id: string;
            /** @example Deploy bot */
            name: string;
            /**
             * @description The key's first characters, as Settings → API shows them.
             * @example glyk_AbC1
             */
            prefix: string;
            /**
             * @description After the change; `rolling`: rolled, in its grace period.
             * @enum {string}
             */
            status: "active" | "rolling" | "expired" | "revoked";
            /**
             * @description What the key may do.
             * @example [
             *       "calls:read"
             *     ]
             */
            permissions: ("calls:read" | "keys:read" | "keys:write" | "activity:read")[];
            /** @description Addresses and CIDR ranges it may be used from; empty → any. */
            allowedAddresses: string[];
            /** Format: date-time */
            createdAt: string;
            /** @description When it stops working (a rolled key: the end of its grace period); null → never. */
            expiresAt: string | null;
            revokedAt: string | null;
        };
        /** @description Who made the change: a member (`user`), a key through the management API (`api_key`), or Glyphic itself (`system`). */
        WebhookActor: {
            /** @constant */
            type: "user";
            /** @description The member's user id. */
            id: string;
            /** @example Avery Admin */
            name: string;
        } | {
            /** @constant */
            type: "api_key";
            /** @description The id of the key that made the change through the API. */
            id: string;
            /** @example CI rotation */
            name: string;
            /** @example glyk_XyZ9 */
            prefix: string;
        } | {
            /** @constant */
            type: "system";
            /**
             * @description The part of Glyphic that acted: Secret scanning, Key policies, Expiry reminders, Request log or New-network alerts.
             * @example Secret scanning
             */
            name: string;
        };
        /** @description A key was created (in Settings → API or through the API). */
        KeyCreatedEvent: {
            /** @constant */
            type: "key.created";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                key: components["schemas"]["WebhookKey"];
                actor: components["schemas"]["WebhookActor"];
            };
        };
        /** @description A key's name, expiry, permissions or allowed addresses changed; `data.changes` names what changed. */
        KeyUpdatedEvent: {
            /** @constant */
            type: "key.updated";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                key: components["schemas"]["WebhookKey"];
                actor: components["schemas"]["WebhookActor"];
                /** @description What changed. One request that changes several things sends one event listing them. */
                changes: ("name" | "expiresAt" | "permissions" | "allowedAddresses")[];
                /** @description With `name` in changes: the name before. */
                previousName?: string;
                /** @description With `permissions` in changes: the permissions before. */
                previousPermissions?: ("calls:read" | "keys:read" | "keys:write" | "activity:read")[];
                /** @description With `allowedAddresses` in changes: the addresses before. */
                previousAllowedAddresses?: string[];
                /**
                 * @description Set when nobody chose the new expiry: `replacement_rolled` — the key's grace period ended because its replacement was rolled; `expired_by_policy_unused` / `expired_by_policy_policy` — the key policies expired it (unused too long / still breaking a policy on its enforcement date).
                 * @enum {string}
                 */
                reason?: "replacement_rolled" | "expired_by_policy_unused" | "expired_by_policy_policy";
            };
        };
        /** @description A key was rolled: `data.key` is the old key (now in its grace period), `data.replacement` the new one. */
        KeyRolledEvent: {
            /** @constant */
            type: "key.rolled";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                key: components["schemas"]["WebhookKey"];
                actor: components["schemas"]["WebhookActor"];
                /** @description The new key, which took the name (its secret is never sent). */
                replacement: {
                    id: string;
                    /** @example glyk_DeF2 */
                    prefix: string;
                };
                /** @description How long the old key (`data.key`) keeps working; 0: it stopped at once. */
                graceSeconds: number;
            };
        };
        /** @description A key was revoked, by a person, an API key or secret scanning. */
        KeyRevokedEvent: {
            /** @constant */
            type: "key.revoked";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                key: components["schemas"]["WebhookKey"];
                actor: components["schemas"]["WebhookActor"];
                /**
                 * @description `leaked`: revoked by secret scanning (a key.leaked event follows).
                 * @constant
                 */
                reason?: "leaked";
            };
        };
        /** @description A key was found in public (secret scanning) and revoked; `data.leak` says where. */
        KeyLeakedEvent: {
            /** @constant */
            type: "key.leaked";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                key: components["schemas"]["WebhookKey"];
                actor: components["schemas"]["WebhookActor"];
                /** @description Where the key was found. Never the key. */
                leak: {
                    /**
                     * @description Who found it.
                     * @example github
                     */
                    reporter: string;
                    /** @description The token type the reporter matched. */
                    tokenType: string;
                    /** @description Where it was found, as the reporter sent it. */
                    url: string | null;
                    /** @description What kind of place, e.g. content, commit, npm. */
                    source: string | null;
                };
            };
        };
        /** @description A key expires in 7 days or in 1 day (`data.expiresInDays`), once each. */
        KeyExpiringEvent: {
            /** @constant */
            type: "key.expiring";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                key: components["schemas"]["WebhookKey"];
                actor: components["schemas"]["WebhookActor"];
                /**
                 * @description 7 for the first reminder, 1 for the last.
                 * @enum {number}
                 */
                expiresInDays: 7 | 1;
                /**
                 * @description `expiry`: the key's own expiry (`data.key.expiresAt`); `policy` / `unused`: the key policies will expire it at `data.expiresAt` (still breaking a policy / unused too long).
                 * @enum {string}
                 */
                reason: "expiry" | "policy" | "unused";
                /**
                 * Format: date-time
                 * @description With reason policy or unused: when the key policies will expire the key.
                 */
                expiresAt?: string;
            };
        };
        /** @description Requests still came in for a revoked or expired key (at most once per key per day). */
        KeyStillTriedEvent: {
            /** @constant */
            type: "key.still_tried";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                key: components["schemas"]["WebhookKey"];
                actor: components["schemas"]["WebhookActor"];
                /** @description Requests with the stopped key in the batch reported. */
                attempts: number;
                /**
                 * Format: date-time
                 * @description The latest of those requests.
                 */
                lastTriedAt: string;
            };
        };
        /** @description A key was used from a network it had not been used from (`data.network`), once per key and network per day. */
        KeyNewNetworkEvent: {
            /** @constant */
            type: "key.new_network";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                key: components["schemas"]["WebhookKey"];
                actor: components["schemas"]["WebhookActor"];
                /**
                 * @description The network, as CIDR: an IPv4 /24 or an IPv6 /48.
                 * @example 203.0.113.0/24
                 */
                network: string;
                /**
                 * @description The first request's client address.
                 * @example 203.0.113.9
                 */
                address: string;
                /** @description The first request's user agent (truncated). */
                userAgent: string | null;
                /**
                 * Format: date-time
                 * @description When the first request from this network came in.
                 */
                firstRequestAt: string;
            };
        };
        /** @description An owner changed the organization's key policies; `data.changes` lists the changes. No `data.key`. */
        PolicyUpdatedEvent: {
            /** @constant */
            type: "policy.updated";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                actor: components["schemas"]["WebhookActor"];
                /**
                 * @description Each change, in the words Activity shows.
                 * @example [
                 *       "Maximum key lifetime: 90 days"
                 *     ]
                 */
                changes: string[];
            };
        };
        /** @description Sent by Send test event on the endpoint's page. */
        WebhookTestEvent: {
            /** @constant */
            type: "webhook.test";
            /**
             * Format: date-time
             * @description When the change happened: the same in every attempt (webhook-timestamp is the attempt's).
             */
            timestamp: string;
            data: {
                organization: components["schemas"]["WebhookOrganization"];
                actor: components["schemas"]["WebhookActor"];
                message: string;
            };
        };
    };
    responses: {
        /** @description A query parameter or a field of the JSON body is invalid; the message names it. Nothing was changed. */
        BadRequest: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No key, or a malformed, unknown, revoked or expired key. Malformed, unknown and revoked keys share one message; an expired key's message says when it expired (a rolled key works until its grace period ends). X-RateLimit-* are present when the key was well formed. */
        Unauthorized: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The key has Allowed addresses (set by an admin on the key's page in Settings → API) and the request came from another address. The message names the address the server saw (the client's address as our proxy reported it). */
        AddressNotAllowed: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The key may not be used from this address (its Allowed addresses), or lacks the operation's permission (the message names it; an admin changes a key's permissions on its page in Settings → API). */
        Forbidden: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description As Forbidden, or the request would give a key permissions the calling key does not hold itself (no escalation), or change a key that holds more than the calling key. */
        PermissionRefused: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The organization is at its limit of active keys, or this Idempotency-Key already created a key. */
        Conflict: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request breaks one of your organization's key policies (maximum lifetime, allowed addresses for keys that can change keys); nothing was changed. Owners set policies in Settings → API. */
        PolicyViolation: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No such call or key in your organization (a private call is not found either). */
        NotFound: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many requests for this key, or more than 30 unknown keys per 60 s from your address (a key that exists is still served). The X-RateLimit-* headers describe the limit that was hit. */
        RateLimited: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Unexpected error; no details are returned. */
        InternalError: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The database is unreachable; retry shortly. */
        ServiceUnavailable: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The endpoint does not serve this method: 405, with an Allow header listing the ones it does. */
        MethodNotAllowed: {
            headers: {
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                /** @description The methods the endpoint accepts. */
                Allow?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        /**
         * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
         * @example msg_2KWPBgLlAfxdpx2AI54pPJ
         */
        WebhookId: string;
        /**
         * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
         * @example 1796133909
         */
        WebhookTimestamp: string;
        /**
         * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
         * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
         */
        WebhookSignature: string;
    };
    requestBodies: never;
    headers: {
        /** @description Requests allowed per window for this key. */
        "X-RateLimit-Limit": number;
        /** @description Requests left in the current window. */
        "X-RateLimit-Remaining": number;
        /** @description When the current window ends, in unix seconds. */
        "X-RateLimit-Reset": number;
        /** @description On 429 only: whole seconds (≥ 1) to wait before retrying. */
        "Retry-After": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your organization and this key. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["AddressNotAllowed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listCalls: {
        parameters: {
            query?: {
                /** @description How many calls to return (1–100). */
                limit?: number;
                /** @description The nextCursor of the previous page; omit it for the first page. */
                cursor?: string;
                /** @description Only calls that started strictly after this instant (ISO 8601 with Z or an offset). Pass it with every page. */
                startedAfter?: string;
                /** @description Only calls that started strictly before this instant (ISO 8601 with Z or an offset). Pass it with every page. */
                startedBefore?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of calls. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallListResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getCall: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The call's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The call. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listKeys: {
        parameters: {
            query?: {
                /** @description How many keys to return (1–100). */
                limit?: number;
                /** @description The nextCursor of the previous page. */
                cursor?: string;
                /** @description Only keys in this state. */
                status?: "active" | "rolling" | "expired" | "revoked";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of keys. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyListResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters that identifies this create, e.g. a UUID. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "CI rotation",
                 *       "permissions": [
                 *         "calls:read"
                 *       ],
                 *       "expiresInDays": 90
                 *     }
                 */
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            /** @description The new key, with its secret. */
            201: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["PermissionRefused"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["PolicyViolation"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key's `id`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key's `id`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked key. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key's `id`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "permissions": [
                 *         "calls:read",
                 *         "activity:read"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["UpdateApiKeyRequest"];
            };
        };
        responses: {
            /** @description The key as it is now. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["PermissionRefused"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["PolicyViolation"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rollKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key's `id`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "gracePeriodSeconds": 86400
                 *     }
                 */
                "application/json": components["schemas"]["RollApiKeyRequest"];
            };
        };
        responses: {
            /** @description The replacement, with its secret. */
            201: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["PermissionRefused"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["PolicyViolation"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listKeyRequests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key's `id`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Up to 100 requests, newest first. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyRequestsResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getKeyUsage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key's `id`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Hours with requests, oldest first. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyUsageResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listActivity: {
        parameters: {
            query?: {
                /** @description How many events to return (1–100). */
                limit?: number;
                /** @description The nextCursor of the previous page. */
                cursor?: string;
                /** @description Only events about this key. */
                keyId?: string;
                /** @description Only events newer than this event id or instant: pass the newest id you have to pull what is new. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivityListResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    keyCreatedWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "key.created",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "key": {
                 *           "id": "cm3k9w7zz0003qz8h9y8x7w6v",
                 *           "name": "Deploy bot",
                 *           "prefix": "glyk_AbC1",
                 *           "status": "active",
                 *           "permissions": [
                 *             "calls:read",
                 *             "keys:read"
                 *           ],
                 *           "allowedAddresses": [
                 *             "203.0.113.0/24"
                 *           ],
                 *           "createdAt": "2026-09-01T10:00:00.000Z",
                 *           "expiresAt": "2027-03-01T00:00:00.000Z",
                 *           "revokedAt": null
                 *         },
                 *         "actor": {
                 *           "type": "user",
                 *           "id": "cm3k9w5uu0002qz8h1a2b3c4d",
                 *           "name": "Avery Admin"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["KeyCreatedEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    keyUpdatedWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "key.updated",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "key": {
                 *           "id": "cm3k9w7zz0003qz8h9y8x7w6v",
                 *           "name": "Deploy bot",
                 *           "prefix": "glyk_AbC1",
                 *           "status": "active",
                 *           "permissions": [
                 *             "calls:read",
                 *             "keys:read"
                 *           ],
                 *           "allowedAddresses": [
                 *             "203.0.113.0/24"
                 *           ],
                 *           "createdAt": "2026-09-01T10:00:00.000Z",
                 *           "expiresAt": "2027-03-01T00:00:00.000Z",
                 *           "revokedAt": null
                 *         },
                 *         "actor": {
                 *           "type": "user",
                 *           "id": "cm3k9w5uu0002qz8h1a2b3c4d",
                 *           "name": "Avery Admin"
                 *         },
                 *         "changes": [
                 *           "permissions"
                 *         ],
                 *         "previousPermissions": [
                 *           "calls:read"
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["KeyUpdatedEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    keyRolledWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "key.rolled",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "key": {
                 *           "id": "cm3k9w7zz0003qz8h9y8x7w6v",
                 *           "name": "Deploy bot",
                 *           "prefix": "glyk_AbC1",
                 *           "status": "rolling",
                 *           "permissions": [
                 *             "calls:read",
                 *             "keys:read"
                 *           ],
                 *           "allowedAddresses": [
                 *             "203.0.113.0/24"
                 *           ],
                 *           "createdAt": "2026-09-01T10:00:00.000Z",
                 *           "expiresAt": "2026-12-02T14:05:09.000Z",
                 *           "revokedAt": null
                 *         },
                 *         "actor": {
                 *           "type": "api_key",
                 *           "id": "cm3k9w9yy0004qz8h2k3l4m5n",
                 *           "name": "CI rotation",
                 *           "prefix": "glyk_XyZ9"
                 *         },
                 *         "replacement": {
                 *           "id": "cm3k9x4qq0007qz8h5t6u7v8w",
                 *           "prefix": "glyk_DeF2"
                 *         },
                 *         "graceSeconds": 86400
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["KeyRolledEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    keyRevokedWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "key.revoked",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "key": {
                 *           "id": "cm3k9w7zz0003qz8h9y8x7w6v",
                 *           "name": "Deploy bot",
                 *           "prefix": "glyk_AbC1",
                 *           "status": "revoked",
                 *           "permissions": [
                 *             "calls:read",
                 *             "keys:read"
                 *           ],
                 *           "allowedAddresses": [
                 *             "203.0.113.0/24"
                 *           ],
                 *           "createdAt": "2026-09-01T10:00:00.000Z",
                 *           "expiresAt": "2027-03-01T00:00:00.000Z",
                 *           "revokedAt": "2026-12-01T14:05:09.000Z"
                 *         },
                 *         "actor": {
                 *           "type": "user",
                 *           "id": "cm3k9w5uu0002qz8h1a2b3c4d",
                 *           "name": "Avery Admin"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["KeyRevokedEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    keyLeakedWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "key.leaked",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "key": {
                 *           "id": "cm3k9w7zz0003qz8h9y8x7w6v",
                 *           "name": "Deploy bot",
                 *           "prefix": "glyk_AbC1",
                 *           "status": "revoked",
                 *           "permissions": [
                 *             "calls:read",
                 *             "keys:read"
                 *           ],
                 *           "allowedAddresses": [
                 *             "203.0.113.0/24"
                 *           ],
                 *           "createdAt": "2026-09-01T10:00:00.000Z",
                 *           "expiresAt": "2027-03-01T00:00:00.000Z",
                 *           "revokedAt": "2026-12-01T14:05:09.000Z"
                 *         },
                 *         "actor": {
                 *           "type": "system",
                 *           "name": "Secret scanning"
                 *         },
                 *         "leak": {
                 *           "reporter": "github",
                 *           "tokenType": "glyphic_api_key",
                 *           "url": "https://github.com/acme/deploy/blob/3f2a1c0/config.yml",
                 *           "source": "commit"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["KeyLeakedEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    keyExpiringWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "key.expiring",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "key": {
                 *           "id": "cm3k9w7zz0003qz8h9y8x7w6v",
                 *           "name": "Deploy bot",
                 *           "prefix": "glyk_AbC1",
                 *           "status": "active",
                 *           "permissions": [
                 *             "calls:read",
                 *             "keys:read"
                 *           ],
                 *           "allowedAddresses": [
                 *             "203.0.113.0/24"
                 *           ],
                 *           "createdAt": "2026-09-01T10:00:00.000Z",
                 *           "expiresAt": "2026-12-08T14:00:00.000Z",
                 *           "revokedAt": null
                 *         },
                 *         "actor": {
                 *           "type": "system",
                 *           "name": "Expiry reminders"
                 *         },
                 *         "expiresInDays": 7,
                 *         "reason": "expiry"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["KeyExpiringEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    keyStillTriedWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "key.still_tried",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "key": {
                 *           "id": "cm3k9w7zz0003qz8h9y8x7w6v",
                 *           "name": "Deploy bot",
                 *           "prefix": "glyk_AbC1",
                 *           "status": "revoked",
                 *           "permissions": [
                 *             "calls:read",
                 *             "keys:read"
                 *           ],
                 *           "allowedAddresses": [
                 *             "203.0.113.0/24"
                 *           ],
                 *           "createdAt": "2026-09-01T10:00:00.000Z",
                 *           "expiresAt": "2027-03-01T00:00:00.000Z",
                 *           "revokedAt": "2026-11-28T09:30:00.000Z"
                 *         },
                 *         "actor": {
                 *           "type": "system",
                 *           "name": "Request log"
                 *         },
                 *         "attempts": 14,
                 *         "lastTriedAt": "2026-12-01T14:04:51.310Z"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["KeyStillTriedEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    keyNewNetworkWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "key.new_network",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "key": {
                 *           "id": "cm3k9w7zz0003qz8h9y8x7w6v",
                 *           "name": "Deploy bot",
                 *           "prefix": "glyk_AbC1",
                 *           "status": "active",
                 *           "permissions": [
                 *             "calls:read",
                 *             "keys:read"
                 *           ],
                 *           "allowedAddresses": [
                 *             "203.0.113.0/24"
                 *           ],
                 *           "createdAt": "2026-09-01T10:00:00.000Z",
                 *           "expiresAt": "2027-03-01T00:00:00.000Z",
                 *           "revokedAt": null
                 *         },
                 *         "actor": {
                 *           "type": "system",
                 *           "name": "New-network alerts"
                 *         },
                 *         "network": "198.51.100.0/24",
                 *         "address": "198.51.100.23",
                 *         "userAgent": "python-requests/2.32.3",
                 *         "firstRequestAt": "2026-12-01T14:04:58.024Z"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["KeyNewNetworkEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    policyUpdatedWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "policy.updated",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "actor": {
                 *           "type": "user",
                 *           "id": "cm3k9w5uu0002qz8h1a2b3c4d",
                 *           "name": "Olive Owner"
                 *         },
                 *         "changes": [
                 *           "Maximum key lifetime: 90 days"
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["PolicyUpdatedEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhookTestWebhook: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).
                 * @example msg_2KWPBgLlAfxdpx2AI54pPJ
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /**
                 * @description When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks allows 5 minutes) so that a recorded request cannot be replayed.
                 * @example 1796133909
                 */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret (base64 after `whsec_`). Space-separated, one per secret: for 24 h after the secret is rolled, the new one's and the old one's. Valid if any matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "webhook.test",
                 *       "timestamp": "2026-12-01T14:05:09.000Z",
                 *       "data": {
                 *         "organization": {
                 *           "id": "cm3k9w0aa0000qz8hb1c2d3e4",
                 *           "slug": "acme"
                 *         },
                 *         "actor": {
                 *           "type": "user",
                 *           "id": "cm3k9w5uu0002qz8h1a2b3c4d",
                 *           "name": "Avery Admin"
                 *         },
                 *         "message": "A test event from Glyphic: your endpoint receives and verifies events."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["WebhookTestEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx within 10 s is success; the response body is ignored. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else — another status, a redirect (not followed), no answer within 10 s — is a failure: the event is sent again after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (9 attempts), and an endpoint whose every attempt failed for 5 days is disabled. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}

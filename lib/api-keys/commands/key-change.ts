import { type AuditEventInput, recordAuditEvent } from "../../audit/events";
import { db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { deliverAfterResponse } from "../../webhooks/dispatch";
import { type WebhookActorInput, type WebhookEventInput, writeWebhookEvent } from "../../webhooks/events";
import { ApiKeyError, PermissionNotHeld } from "../errors";
import { notHeld, type Permission, storedPermissions } from "../permissions";
import { type KeyPolicy, type KeyShape, keyPolicyOf, type PolicyRule, policyBreach } from "../policies";
import { invalidateApiKey } from "../verification/invalidation";
import { mergeUpdates, type ReportedEvent, webhookEventsFor } from "./reported-events";

/**
 * The one recipe every change to a key follows (docs/architecture.md, "Changing a key"):
 *   1. take the organization's row lock (so changes of one organization run one at a time),
 *   2. find the key guarded by organization and the state the change requires,
 *   3. update it and write the audit event — in the same transaction,
 *   4. after the commit and before success is reported, tell every cache to forget the key.
 * Commands (create, rename, roll, expiry, allowed addresses, revoke, leak revoke, dismiss) are
 * written against `inOrganization` and `changeKey` and never open a transaction of their own,
 * so what a new capability adds to a change (an event, a policy check) goes here, once.
 */

/**
 * Who makes a change: a member of the organization (a server action), an API key of it (the
 * management API), or nobody (secret scanning).
 */
export interface Actor {
  organizationId: string;
  /** The signed-in member; null when no person acted. */
  userId: string | null;
  /** The key that made the change through the management API, and what it may grant. */
  apiKey?: AuditedKey & { permissions: readonly Permission[] };
  /** When neither acted: the part of the system that did (webhooks name it), e.g. "Key policies". */
  system?: string;
}

/**
 * No escalation: a key acting through the management API may give a key only permissions it
 * holds itself (members and secret scanning are not limited by this).
 */
export function assertMayGrant(actor: Actor, permissions: readonly string[]): void {
  if (!actor.apiKey) return;
  const missing = notHeld(actor.apiKey.permissions, storedPermissions(permissions));
  if (missing.length > 0) throw new PermissionNotHeld(missing);
}

/** A key as the audit log names it: never its hash, never the key. */
export interface AuditedKey {
  id: string;
  name: string;
  prefix: string;
}

/** What a command may do inside the organization's transaction. */
export interface OrganizationChange {
  actor: Actor;
  tx: Prisma.TransactionClient;
  /** The organization's feature flags, read under its lock. */
  features: string[];
  /** Its key policies, read in the same statement: every change is checked against them. */
  policy: KeyPolicy;
  now: Date;
  /** Writes an audit event about `key` (null: the organization itself) in this transaction, with the actor as its author. */
  audit(key: AuditedKey | null, event: AuditEventInput): Promise<void>;
  /** Caches forget this key hash once the transaction has committed. */
  invalidate(hash: string): void;
  /**
   * Writes a webhook event in this transaction besides those the audit events report (a test
   * event) and returns its deliveries, whose first attempt the caller makes after the commit
   * (the audited events' first attempts go out after the response).
   */
  emit(event: Omit<WebhookEventInput, "organizationId" | "actor" | "now">): Promise<string[]>;
}

/** The actor as a webhook body names it. */
function webhookActor(actor: Actor, event?: AuditEventInput): WebhookActorInput {
  if (actor.apiKey)
    return { type: "api_key", id: actor.apiKey.id, name: actor.apiKey.name, prefix: actor.apiKey.prefix };
  if (actor.userId) return { type: "user", userId: actor.userId };
  const scanning = event?.action === "api_key.revoked" && event.details?.actor === "secret_scanning";
  return { type: "system", name: scanning ? "Secret scanning" : (actor.system ?? "Glyphic") };
}

/**
 * Takes the organization's row lock for the rest of the transaction and returns its flags.
 * All key changes start here, so they run one at a time per organization: the active-key
 * count cannot be raced past the limit (20 parallel creates with one free slot → one key), two
 * rolls of one key cannot both succeed, and all take their locks in one order (organization,
 * then key rows; the audit insert's foreign-key check needs the organization row too), so they
 * cannot deadlock each other.
 */
async function lockOrganization(
  tx: Prisma.TransactionClient,
  organizationId: string,
): Promise<{ features: string[]; policy: KeyPolicy }> {
  const [organization] = await tx.$queryRaw<
    ({ features: string[]; hasPolicy: boolean } & Parameters<typeof keyPolicyOf>[0] & object)[]
  >`
    SELECT o."features", p."organizationId" IS NOT NULL AS "hasPolicy", p."maxKeyLifetimeDays",
      p."requireAllowedAddressesForWrite", p."expireUnusedAfterDays", p."defaultPermissions", p."enforceFrom"
    FROM "Organization" o LEFT JOIN "OrganizationPolicy" p ON p."organizationId" = o."id"
    WHERE o."id" = ${organizationId} FOR UPDATE OF o`;
  if (!organization) throw new ApiKeyError("not_found", "This organization no longer exists.");
  return { features: organization.features, policy: keyPolicyOf(organization.hasPolicy ? organization : null) };
}

/** Refuses a key state that breaks one of `rules` of the organization's policies. */
export function assertWithinPolicy(policy: KeyPolicy, key: KeyShape, now: Date, rules?: readonly PolicyRule[]): void {
  const breach = policyBreach(policy, key, now, rules);
  if (breach) throw new ApiKeyError("policy_violation", breach.message);
}

/** Steps 1, 3 and 4 of the recipe, for changes that are not to one existing key (create, dismiss). */
export async function inOrganization<Result>(
  actor: Actor,
  change: (context: OrganizationChange) => Promise<Result>,
): Promise<Result> {
  const hashes = new Set<string>();
  const deliveries: string[] = [];
  const result = await db.$transaction(async (tx) => {
    const { features, policy } = await lockOrganization(tx, actor.organizationId);
    const now = new Date();
    const reported: { keyId: string | null; event: ReportedEvent; actor: WebhookActorInput }[] = [];
    const emit = async (
      event: Omit<WebhookEventInput, "organizationId" | "actor" | "now">,
      by = webhookActor(actor),
    ) => {
      const ids = await writeWebhookEvent(tx, { ...event, organizationId: actor.organizationId, actor: by, now });
      deliveries.push(...ids);
      return ids;
    };
    const changed = await change({
      actor,
      tx,
      features,
      policy,
      now,
      audit: async (key, event) => {
        await recordAuditEvent(
          tx,
          {
            organizationId: actor.organizationId,
            actorId: actor.userId,
            actorKey: actor.apiKey
              ? { id: actor.apiKey.id, name: actor.apiKey.name, prefix: actor.apiKey.prefix }
              : null,
            apiKeyId: key?.id ?? null,
            keyName: key?.name ?? "",
            keyPrefix: key?.prefix ?? "",
          },
          event,
        );
        const by = webhookActor(actor, event);
        for (const reportedEvent of webhookEventsFor(event))
          reported.push({ keyId: key?.id ?? null, event: reportedEvent, actor: by });
      },
      invalidate: (hash) => void hashes.add(hash),
      emit: (event) => emit(event),
    });
    // Reported last, in the same transaction: the bodies carry each key as the change left it.
    for (const { keyId, event } of mergeUpdates(reported)) {
      const by = reported.find((entry) => entry.keyId === keyId && entry.event.type === event.type)?.actor;
      deliveries.push(...(await emit({ type: event.type, keyId, data: event.data }, by)));
    }
    return changed;
  });
  // After the commit, before reporting success: no cache may serve the key as it was.
  for (const hash of hashes) await invalidateApiKey(hash);
  if (deliveries.length > 0) deliverAfterResponse(deliveries);
  return result;
}

const KEY_FIELDS = { id: true, name: true, prefix: true, hash: true, createdAt: true, expiresAt: true } as const;
type KeyFields = Prisma.ApiKeyGetPayload<{ select: typeof KEY_FIELDS }>;

export interface KeyTarget<Extra extends Prisma.ApiKeySelect> {
  keyId: string;
  /**
   * "revoke": any key may be revoked by an actor that may change keys at all (an incident script
   * revokes whatever leaked). Otherwise a key acting through the API changes only keys whose
   * permissions it holds itself — else it could widen a stronger key (its addresses, its expiry).
   */
  kind?: "revoke" | "change";
  /** The state the change requires, besides belonging to the organization (e.g. not revoked). */
  state: (now: Date) => Prisma.ApiKeyWhereInput;
  /** Said when no key of the organization is in that state. */
  notFound: string;
  /** Further columns the change reads. */
  select?: Extra;
}

export interface KeyChange<Key> extends OrganizationChange {
  /** The key as found, under the organization's lock. */
  key: Key;
  /** Updates the key's row; its caches are invalidated after the commit. */
  update(data: Prisma.ApiKeyUncheckedUpdateInput): Promise<void>;
}

/** The whole recipe for a change to one existing key. */
export async function changeKey<Result, Extra extends Prisma.ApiKeySelect = Record<never, never>>(
  actor: Actor,
  target: KeyTarget<Extra>,
  change: (context: KeyChange<KeyFields & Prisma.ApiKeyGetPayload<{ select: Extra }>>) => Promise<Result>,
): Promise<Result> {
  return inOrganization(actor, async (context) => {
    const key = await context.tx.apiKey.findFirst({
      where: { ...target.state(context.now), id: target.keyId, organizationId: actor.organizationId },
      select: { ...KEY_FIELDS, permissions: true, ...target.select },
    });
    if (!key) throw new ApiKeyError("not_found", target.notFound);
    if (target.kind !== "revoke") assertMayGrant(actor, key.permissions);
    const found = key as unknown as KeyFields & Prisma.ApiKeyGetPayload<{ select: Extra }>;
    // The policies a change must keep, by what it touched: a key that broke a policy before the
    // policy existed keeps working and can still be renamed; what a change sets must comply.
    const touched = new Set<PolicyRule>();
    const result = await change({
      ...context,
      key: found,
      update: async (data) => {
        if (target.kind !== "revoke") {
          if ("expiresAt" in data) touched.add("maxKeyLifetime");
          if ("permissions" in data || "allowedAddresses" in data) touched.add("allowedAddressesForWrite");
        }
        await context.tx.apiKey.update({ where: { id: found.id }, data });
        context.invalidate(found.hash);
      },
    });
    if (touched.size > 0) {
      const after = await context.tx.apiKey.findUniqueOrThrow({
        where: { id: found.id },
        select: { expiresAt: true, permissions: true, allowedAddresses: true, replacedById: true },
      });
      // A rolled key's new end is its grace period, which is within any maximum.
      const rules = [...touched].filter((rule) => !(rule === "maxKeyLifetime" && after.replacedById !== null));
      assertWithinPolicy(context.policy, after, context.now, rules);
    }
    return result;
  });
}

/** The state most changes require: the key is not revoked. */
export const notRevoked = (): Prisma.ApiKeyWhereInput => ({ revokedAt: null });

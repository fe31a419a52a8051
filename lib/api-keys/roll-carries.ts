import type { ApiKey, Prisma } from "../db/generated/browser";

/**
 * What a roll carries from the old key to its replacement: every attribute of ApiKey, each
 * decided here and only here, with why. `rollApiKey` copies exactly the `carries: true` fields
 * (carriedByRoll), the Roll dialog and the roll's audit event say what carried over, and
 * lifecycle.test.ts checks each row against what a roll really does. The table must name every
 * column and relation of the model: a new one fails to compile here (and roll-carries.test.ts
 * compares the list with the schema), so nobody adds a restriction that a roll silently drops —
 * a roll is what an admin does after a leak, and a replacement that lost the old key's limits
 * would be more powerful than the key it replaced.
 *
 * When keys get permissions (a column), carrying them is one line here:
 *   permissions: { carries: true, why: "A restriction: …" },
 *
 * Type-only imports: the dialog (a client component) reads this table too.
 */
type ScalarField = Prisma.ApiKeyScalarFieldEnum;
type RelationField = Exclude<keyof Prisma.ApiKeyInclude, "_count">;
export type ApiKeyAttribute = ScalarField | RelationField;

export interface RollRule {
  /**
   * true: copied as it is. "lifetime": the old key's lifetime, counted from the roll.
   * false: the replacement gets its own value (or none).
   */
  carries: boolean | "lifetime";
  why: string;
}

export const ROLL_CARRIES = {
  // Carried: what the key is for and what it may do. Dropping any of these would make the
  // replacement a different — usually broader — key than the one it replaces.
  organizationId: { carries: true, why: "The replacement serves the same organization, under its limit." },
  name: { carries: true, why: "It stands in for the old key: the name is how admins recognise the integration." },
  allowedAddresses: {
    carries: true,
    why: "A restriction: a key limited to 192.0.2.0/24 and rolled because it leaked must not come back usable from anywhere.",
  },
  permissions: {
    carries: true,
    why: "A restriction too: a read-only key must not come back from a roll able to change keys.",
  },
  expiresAt: {
    carries: "lifetime",
    why: "The same lifetime from now (lifetimeDays): a 90-day key is replaced by a 90-day key, a key that never expires by one that never does.",
  },

  // Not carried: what belongs to the old secret, or to this row's place in the chain.
  id: { carries: false, why: "A new row: the old key keeps its page, its history and its Activity." },
  prefix: {
    carries: false,
    why: "Shown from the new secret: the display prefix identifies the new key, not the old one.",
  },
  hash: { carries: false, why: "The new secret's hash; copying it would let the old secret pass as the new key." },
  createdAt: { carries: false, why: "Now: when the new secret came into being (and where its lifetime starts)." },
  createdById: {
    carries: false,
    why: "The admin who rolled made this secret; the roll's audit event links it to the old key and its creator.",
  },
  createdByKeyId: {
    carries: false,
    why: "As createdById: the key that rolled (through the management API) made this secret, or none.",
  },
  unusedKeptUntil: {
    carries: false,
    why: "About the old key's idleness; the replacement is new and has not had the chance to be used.",
  },
  lastUsedAt: { carries: false, why: "None yet: Last Used on both rows is how an admin confirms the switch." },
  revokedAt: { carries: false, why: "Only an unrevoked key can be rolled; the replacement starts working." },
  revokedById: { carries: false, why: "As revokedAt: the replacement is not revoked." },
  replacedById: {
    carries: false,
    why: "The chain points forward: the roll sets the old key's replacedById to the new key; the new key has none yet.",
  },
  organization: { carries: true, why: "Follows organizationId." },
  createdBy: { carries: false, why: "Follows createdById." },
  revokedBy: { carries: false, why: "Follows revokedById." },
  replacedBy: { carries: false, why: "Follows replacedById." },
  replaces: { carries: false, why: "Set by the roll itself: the new key replaces the old one." },
  usage: { carries: false, why: "The old secret's request counts stay on its page: is anything still using it?" },
  requests: { carries: false, why: "As usage: the latest requests were made with the old secret." },
  leak: { carries: false, why: "A leak report is about the old secret, which the new key is not." },
  reminders: { carries: false, why: "Sent per key and expiry: the replacement gets its own before it expires." },
  createdByKey: { carries: false, why: "Follows createdByKeyId." },
  createdKeys: { carries: false, why: "Keys the old key made through the API stay its own history." },
  idempotencyKeys: { carries: false, why: "A retry of the request that created the old key still names the old key." },
  networks: {
    carries: false,
    why: "As usage: where the old secret was used from. The replacement's first use from its integration's network raises no alert (a new key has no history yet).",
  },
  permissionUses: { carries: false, why: "As usage: what the old secret's requests did." },
  networkAlerts: { carries: false, why: "About the old secret's use, shown on the old key's page." },
} as const satisfies Record<ApiKeyAttribute, RollRule>;

/** Relations are listed for completeness; a roll copies columns only. */
const RELATIONS: Record<RelationField, true> = {
  organization: true,
  createdBy: true,
  revokedBy: true,
  replacedBy: true,
  replaces: true,
  usage: true,
  requests: true,
  leak: true,
  reminders: true,
  createdByKey: true,
  createdKeys: true,
  idempotencyKeys: true,
  networks: true,
  permissionUses: true,
  networkAlerts: true,
};

/** The columns a roll copies as they are (relations follow their columns). */
export type CarriedField = {
  [F in ScalarField]: (typeof ROLL_CARRIES)[F]["carries"] extends true ? F : never;
}[ScalarField];

export const CARRIED_FIELDS = (Object.keys(ROLL_CARRIES) as ApiKeyAttribute[]).filter(
  (field): field is CarriedField => ROLL_CARRIES[field].carries === true && !(field in RELATIONS),
);

export type RollCarried = Pick<ApiKey, CarriedField>;

/** The select that reads what a roll carries from the old key. */
export const ROLL_CARRIED_SELECT = Object.fromEntries(CARRIED_FIELDS.map((field) => [field, true])) as {
  [F in CarriedField]: true;
};

/** The old key's carried columns, and nothing else, for the replacement's row. */
export function carriedByRoll(old: RollCarried): RollCarried {
  return Object.fromEntries(CARRIED_FIELDS.map((field) => [field, old[field]])) as RollCarried;
}

import type { Input } from "./hostile-surface";

/**
 * Server-action fields that take JSON (a permissions list, the policy form's choices), with the
 * hostile JSON values each gets and the field error each must be answered with.
 */
/** The answer naming `field` with a message that starts with `message` (a server action's field error). */
export const fieldError = (field: string, message: string): RegExp =>
  new RegExp(`"${field}":\\["${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);

/**
 * A key's permissions as the create and change forms send them (an array of names), and what
 * else a caller could send there. Each is refused with the field's own message, never a 5xx.
 */
export const permissionsField = (field: string): Pick<Input, "validJson" | "hostileJson"> => ({
  validJson: ["calls:read"],
  hostileJson: [
    { label: "unknown permission", value: ["admin"], answer: fieldError(field, "Choose permissions from ") },
    { label: "a name, not a list", value: "calls:read", answer: fieldError(field, "Choose the key's permissions.") },
    { label: "no permission", value: [], answer: fieldError(field, "Choose at least one permission") },
    { label: "null", value: null, answer: fieldError(field, "Choose the key's permissions.") },
    { label: "an object", value: { 0: "calls:read" }, answer: fieldError(field, "Choose the key's permissions.") },
    { label: "nested list", value: [["calls:read"]], answer: fieldError(field, "Choose permissions from ") },
    { label: "a number", value: [1], answer: fieldError(field, "Choose permissions from ") },
    { label: "prototype key", value: ["__proto__"], answer: fieldError(field, "Choose permissions from ") },
    {
      label: "10,000 entries",
      value: Array.from({ length: 10_000 }, () => "calls:read"),
      answer: fieldError(field, 'Choose each permission once."]'),
    },
    {
      label: "10,000 unknown entries",
      value: Array.from({ length: 10_000 }, () => "admin"),
      // Unknown names are refused before the length is looked at.
      answer: fieldError(field, "Choose permissions from "),
    },
  ],
});

/**
 * Settings → API, Policies (owners only: the inputs fixture's user is an owner, so each value
 * reaches the parser). The valid values are "no policies", so no case changes anything.
 */
const policyChoice = (
  field: string,
  message: string,
  hostile: unknown[],
): Pick<Input, "validJson" | "hostileJson"> => ({
  validJson: "none",
  hostileJson: hostile.map((value) => ({ label: JSON.stringify(value), value, answer: fieldError(field, message) })),
});
export const POLICY_FIELDS: Record<string, Pick<Input, "validJson" | "hostileJson">> = {
  maxKeyLifetimeDays: policyChoice("maxKeyLifetimeDays", "Choose a maximum key lifetime.", [90, "14", null, ["90"]]),
  requireAllowedAddressesForWrite: {
    validJson: false,
    hostileJson: ["true", 1, null, {}].map((value) => ({
      label: JSON.stringify(value),
      value,
      answer: fieldError(
        "requireAllowedAddressesForWrite",
        "Choose whether keys that can change keys need allowed addresses.",
      ),
    })),
  },
  expireUnusedAfterDays: policyChoice("expireUnusedAfterDays", "Choose after how long unused keys expire.", [
    30,
    "365",
    null,
  ]),
  defaultPermissions: permissionsField("defaultPermissions"),
  enforceFrom: {
    validJson: "",
    hostileJson: [
      ...["2027-02-30", "01/03/2027", "2027-03-01T00:00:00Z", "+002027-03-01"].map((value) => ({
        label: value,
        value,
        answer: fieldError("enforceFrom", "Enter the enforcement date as YYYY-MM-DD"),
      })),
      // Not text at all: refused, with zod's generic message (see the report on its schema).
      ...[20270301, null, ["2027-03-01"]].map((value) => ({
        label: JSON.stringify(value),
        value,
        answer: /"enforceFrom":\["[^"]+"\]/,
      })),
    ],
  },
};

/** Add endpoint's events (a list of event types; empty: all), and what else a caller could send there. */
export const webhookEventsField: Pick<Input, "validJson" | "hostileJson"> = {
  validJson: [],
  hostileJson: [
    { label: "unknown event", value: ["key.teleported"], answer: fieldError("events", "Choose events from ") },
    { label: "the test event", value: ["webhook.test"], answer: fieldError("events", "Choose events from ") },
    { label: "a type, not a list", value: "key.created", answer: fieldError("events", "Choose the events to send") },
    { label: "null", value: null, answer: fieldError("events", "Choose the events to send") },
    { label: "nested list", value: [["key.created"]], answer: fieldError("events", "Choose events from ") },
    { label: "prototype key", value: ["__proto__"], answer: fieldError("events", "Choose events from ") },
    {
      label: "10,000 entries",
      value: Array.from({ length: 10_000 }, () => "key.created"),
      answer: fieldError("events", 'Choose each event once."]'),
    },
  ],
};

/**
 * What a key may do. Four permissions named `resource:action`; `keys:write` implies `keys:read`
 * (a key that can change keys can see them), and a stored set is always closed under that rule.
 * Pure: the create dialog, the key page, the API and its OpenAPI document read the same lists.
 */
export const PERMISSIONS = ["calls:read", "keys:read", "keys:write", "activity:read"] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Keys made before permissions existed hold this: exactly what they could do then. */
export const DEFAULT_PERMISSIONS: readonly Permission[] = ["calls:read"];

export const PERMISSION_PRESETS = {
  read_calls: ["calls:read"],
  read_only: ["calls:read", "keys:read", "activity:read"],
  full_access: ["calls:read", "keys:read", "keys:write", "activity:read"],
} as const satisfies Record<string, readonly Permission[]>;
export type PermissionPreset = keyof typeof PERMISSION_PRESETS;

export const PRESET_LABELS: Record<PermissionPreset | "custom", string> = {
  read_calls: "Read calls",
  read_only: "Read-only",
  full_access: "Full access",
  custom: "Custom",
};

/** What each permission lets a key do, in the words the key page uses. */
export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  "calls:read": "Read calls",
  "keys:read": "List and read API keys, their requests and usage",
  "keys:write": "Create, change, roll and revoke API keys",
  "activity:read": "Read the activity log",
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** The set in canonical order, with what each permission implies added. */
export function normalizePermissions(permissions: Iterable<string>): Permission[] {
  const held = new Set<string>(permissions);
  if (held.has("keys:write")) held.add("keys:read");
  return PERMISSIONS.filter((permission) => held.has(permission));
}

/** Stored values → permissions; anything unknown (a value from a later release) is dropped. */
export function storedPermissions(stored: readonly string[]): Permission[] {
  return normalizePermissions(stored.filter(isPermission));
}

export function holds(held: readonly string[], needed: Permission): boolean {
  return held.includes(needed) || (needed === "keys:read" && held.includes("keys:write"));
}

/** The permissions of `wanted` that `held` lacks (no escalation: a key grants only what it holds). */
export function notHeld(held: readonly string[], wanted: readonly Permission[]): Permission[] {
  return normalizePermissions(wanted).filter((permission) => !holds(held, permission));
}

export function presetOf(permissions: readonly string[]): PermissionPreset | "custom" {
  const normalized = normalizePermissions(permissions).join(" ");
  for (const [preset, members] of Object.entries(PERMISSION_PRESETS)) {
    if (members.join(" ") === normalized) return preset as PermissionPreset;
  }
  return "custom";
}

/** One level per resource, as the Custom matrix shows it (Stripe's restricted keys). */
export const PERMISSION_LEVELS = {
  calls: ["none", "read"],
  keys: ["none", "read", "write"],
  activity: ["none", "read"],
} as const;
export type PermissionResource = keyof typeof PERMISSION_LEVELS;
export type PermissionLevels = { [R in PermissionResource]: (typeof PERMISSION_LEVELS)[R][number] };

export function levelsOf(permissions: readonly string[]): PermissionLevels {
  const held = normalizePermissions(permissions);
  return {
    calls: held.includes("calls:read") ? "read" : "none",
    keys: held.includes("keys:write") ? "write" : held.includes("keys:read") ? "read" : "none",
    activity: held.includes("activity:read") ? "read" : "none",
  };
}

export function permissionsOf(levels: PermissionLevels): Permission[] {
  const permissions: Permission[] = [];
  if (levels.calls === "read") permissions.push("calls:read");
  if (levels.keys !== "none") permissions.push("keys:read");
  if (levels.keys === "write") permissions.push("keys:write");
  if (levels.activity === "read") permissions.push("activity:read");
  return normalizePermissions(permissions);
}

/** "Read calls", "Full access", or "Custom: Read calls, Read activity" — for the table. */
export function describePermissions(permissions: readonly string[]): string {
  const preset = presetOf(permissions);
  if (preset !== "custom") return PRESET_LABELS[preset];
  const levels = levelsOf(permissions);
  const parts = [
    levels.calls === "read" ? "Read calls" : null,
    levels.keys === "write" ? "Write keys" : levels.keys === "read" ? "Read keys" : null,
    levels.activity === "read" ? "Read activity" : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? "Custom: nothing" : `Custom: ${parts.join(", ")}`;
}

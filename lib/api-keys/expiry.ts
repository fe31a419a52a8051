/**
 * Expiry and grace-period choices, shared by the forms (labels) and the actions (zod enums).
 * Pure: imported by client components too.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;

/**
 * How long a new key lives: Never (the default) or a number of days. 7 days exists for the
 * organizations whose "Maximum key lifetime" policy is 7 days (lib/api-keys/policies.ts).
 */
export const EXPIRY_CHOICES = ["never", "7", "30", "90", "365"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

export const EXPIRY_LABELS: Record<ExpiryChoice, string> = {
  never: "Never",
  "7": "7 days",
  "30": "30 days",
  "90": "90 days",
  "365": "365 days",
};

export function expiryDays(choice: ExpiryChoice): number | null {
  return choice === "never" ? null : Number(choice);
}

export function expiresAtFor(days: number | null, from: Date): Date | null {
  return days === null ? null : new Date(from.getTime() + days * DAY_MS);
}

/** How long a rolled key keeps working after its replacement is created. */
export const GRACE_CHOICES = ["now", "1h", "24h", "7d"] as const;
export type GraceChoice = (typeof GRACE_CHOICES)[number];

export const GRACE_MS: Record<GraceChoice, number> = {
  now: 0,
  "1h": HOUR_MS,
  "24h": 24 * HOUR_MS,
  "7d": 7 * DAY_MS,
};

/**
 * The replacement of a rolled key gets the old key's lifetime (created → expires), in whole
 * days, so a key made with "90 days" is replaced by another 90-day key; a key that never
 * expired is replaced by one that never expires.
 */
export function lifetimeDays(createdAt: Date, expiresAt: Date | null): number | null {
  if (expiresAt === null) return null;
  return Math.max(1, Math.round((expiresAt.getTime() - createdAt.getTime()) / DAY_MS));
}

import { vi } from "vitest";
import { db } from "@/lib/db/client";

/**
 * Stands in for lib/api-keys/verification/invalidation.ts in tests of key commands:
 *   vi.mock("@/lib/api-keys/verification/invalidation", () => import("@/tests/invalidation-spy"));
 * It reads what the database has committed when it is called (the key's row, by hash), and is
 * slow, so a command that did not await it — or called it before its commit — is caught.
 */
export interface SeenInvalidation {
  hash: string;
  /** The key's row as committed when the invalidation ran. */
  observed: { revokedAt: Date | null; expiresAt: Date | null; replacedById: string | null } | null;
}

const seen: SeenInvalidation[] = [];

export const invalidateApiKey = vi.fn(async (hash: string) => {
  const observed = await db.apiKey.findUnique({
    where: { hash },
    select: { revokedAt: true, expiresAt: true, replacedById: true },
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  seen.push({ hash, observed });
});

/** Forgets earlier invalidations and returns the list the next ones are added to. */
export function watchInvalidations(): SeenInvalidation[] {
  seen.length = 0;
  return seen;
}

import { z } from "zod";
import { foundWhere } from "../../audit/describe";
import { db } from "../../db/client";
import { safeLink } from "../../email/messages";

/**
 * The leak notices on Settings → API: keys secret scanning reported and we revoked, until an
 * admin dismisses them. As sent to the browser: the key's name and display prefix, where it was
 * found (a link only when it is http(s): the URL comes from outside), and when it was revoked.
 */
export const leakNoticeSchema = z.object({
  id: z.string(),
  /** The revoked key (its page still shows who tries it). */
  keyId: z.string(),
  keyName: z.string(),
  keyPrefix: z.string(),
  /** "in a public repository", "in a published npm package"… */
  foundWhere: z.string(),
  url: z.string().nullable(),
  revokedAt: z.iso.datetime(),
});
export type LeakNotice = z.infer<typeof leakNoticeSchema>;

const MAX_NOTICES = 20;

const leakRowSchema = z.object({
  id: z.string(),
  keyId: z.string(),
  keyName: z.string(),
  keyPrefix: z.string(),
  url: z.string().nullable(),
  source: z.string().nullable(),
  revokedAt: z.date(),
});

/** One statement: the organization's undismissed leaks, newest first. */
export async function loadLeakNotices(organizationId: string): Promise<LeakNotice[]> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT l."id", l."apiKeyId" AS "keyId", k."name" AS "keyName", k."prefix" AS "keyPrefix", l."url", l."source", l."revokedAt"
    FROM "KeyLeak" l JOIN "ApiKey" k ON k."id" = l."apiKeyId"
    WHERE l."organizationId" = ${organizationId} AND l."dismissedAt" IS NULL
    ORDER BY l."revokedAt" DESC, l."id" DESC
    LIMIT ${MAX_NOTICES}`;
  return rows.map((row) => {
    const leak = leakRowSchema.parse(row);
    return leakNoticeSchema.parse({
      id: leak.id,
      keyId: leak.keyId,
      keyName: leak.keyName,
      keyPrefix: leak.keyPrefix,
      foundWhere: foundWhere(leak.source),
      url: safeLink(leak.url),
      revokedAt: leak.revokedAt.toISOString(),
    });
  });
}

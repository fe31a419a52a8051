import { EXTENDED_KEY_LIMIT_FLAG } from "../api-keys/limits";
import { db } from "../db/client";

/** Flags an operator may set (`npm run flags`). The admin UI never changes them. */
export const KNOWN_FLAGS = [EXTENDED_KEY_LIMIT_FLAG] as const;
export type FeatureFlag = (typeof KNOWN_FLAGS)[number];

export class FlagError extends Error {}

export function isKnownFlag(flag: string): flag is FeatureFlag {
  return (KNOWN_FLAGS as readonly string[]).includes(flag);
}

export async function setFeatureFlag(slug: string, flag: string, enabled: boolean): Promise<string[]> {
  if (!isKnownFlag(flag)) {
    throw new FlagError(`Unknown flag "${flag}". Known flags: ${KNOWN_FLAGS.join(", ")}.`);
  }
  return db.$transaction(async (tx) => {
    const organization = await tx.organization.findUnique({ where: { slug }, select: { id: true, features: true } });
    if (!organization) throw new FlagError(`No organization with slug "${slug}".`);
    const features = new Set(organization.features);
    if (enabled) features.add(flag);
    else features.delete(flag);
    const updated = await tx.organization.update({
      where: { id: organization.id },
      data: { features: [...features].sort() },
      select: { features: true },
    });
    return updated.features;
  });
}

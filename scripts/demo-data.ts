import { generateApiKey } from "../lib/api-keys/format";
import { EXTENDED_KEY_LIMIT_FLAG } from "../lib/api-keys/limits";
import { hashPassword } from "../lib/auth/password";
import type { PrismaClient } from "../lib/db/generated/client";
import type { Role } from "../lib/db/generated/enums";

/** Password of every demo user (development and demos only; seeding refuses production). */
export const DEMO_PASSWORD = "glyphic-demo";

interface DemoOrg {
  name: string;
  slug: string;
  features: string[];
  members: { email: string; name: string; role: Role }[];
}

export const DEMO_ORGS: DemoOrg[] = [
  {
    name: "Acme",
    slug: "acme",
    features: [],
    members: [
      // The owner sets Acme's key policies (Settings → API, Policies); admins see them read-only.
      { email: "owner@acme.test", name: "Olive Owner", role: "OWNER" },
      { email: "admin@acme.test", name: "Avery Admin", role: "ADMIN" },
      { email: "member@acme.test", name: "Morgan Member", role: "MEMBER" },
    ],
  },
  {
    name: "Globex",
    slug: "globex",
    features: [EXTENDED_KEY_LIMIT_FLAG],
    members: [{ email: "admin@globex.test", name: "Gloria Globex", role: "ADMIN" }],
  },
];

const CALL_TITLES = [
  "Discovery call",
  "Product demo",
  "Pricing review",
  "Security questionnaire walkthrough",
  "Technical deep-dive",
  "Procurement check-in",
  "Renewal planning",
  "Executive sponsor intro",
  "Pilot kickoff",
  "Pilot results readout",
  "Contract redlines",
  "Quarterly business review",
];

const PROSPECTS = ["Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Soylent"];

export function assertSeedAllowed(): void {
  if (process.env.NODE_ENV === "production" && process.env.GLYPHIC_DEMO !== "1") {
    throw new Error("Refusing to seed demo data in production (NODE_ENV=production).");
  }
}

/** Creates the demo organizations, users, calls and the legacy key. Safe to run repeatedly. */
export async function seedDemoData(db: PrismaClient): Promise<void> {
  assertSeedAllowed();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [orgIndex, demo] of DEMO_ORGS.entries()) {
    const organization = await db.organization.upsert({
      where: { slug: demo.slug },
      update: {},
      create: { name: demo.name, slug: demo.slug, features: demo.features },
    });
    for (const member of demo.members) {
      const user = await db.user.upsert({
        where: { email: member.email },
        update: {},
        create: { email: member.email, name: member.name, passwordHash },
      });
      await db.membership.upsert({
        where: { userId_organizationId: { userId: user.id, organizationId: organization.id } },
        update: {},
        create: { userId: user.id, organizationId: organization.id, role: member.role },
      });
    }
    if ((await db.call.count({ where: { organizationId: organization.id } })) === 0) {
      const now = Date.now();
      await db.call.createMany({
        data: CALL_TITLES.map((title, index) => {
          const prospect = PROSPECTS[(index + orgIndex) % PROSPECTS.length];
          return {
            organizationId: organization.id,
            title: `${prospect} — ${title}`,
            startedAt: new Date(now - (index + 1) * 26 * 3600_000),
            durationSeconds: 900 + ((index * 7 + orgIndex * 3) % 12) * 300,
            participants: [demo.members[0].name, `${["Sam", "Alex", "Jordan", "Casey"][index % 4]} (${prospect})`],
            summary: `${title} with ${prospect}: goals, blockers and agreed next steps.`,
            // Every fourth call is private: keys must never read it.
            isPrivate: index % 4 === 3,
          };
        }),
      });
    }
  }
  await seedLegacyKey(db, passwordHash);
}

/**
 * Acme's "Legacy CRM sync" key, created by someone who has since left the workspace, so the
 * table shows "Unknown" from the first visit. Its plaintext is generated and thrown away.
 */
async function seedLegacyKey(db: PrismaClient, passwordHash: string): Promise<void> {
  const acme = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
  const existing = await db.apiKey.findFirst({ where: { organizationId: acme.id, name: "Legacy CRM sync" } });
  if (existing) return;
  const former = await db.user.upsert({
    where: { email: "former@acme.test" },
    update: {},
    create: { email: "former@acme.test", name: "Riley Former", passwordHash },
  });
  const { prefix, hash } = generateApiKey();
  const key = await db.apiKey.create({
    data: {
      organizationId: acme.id,
      name: "Legacy CRM sync",
      prefix,
      hash,
      createdById: former.id,
      createdAt: new Date("2025-03-14T09:30:00Z"),
      lastUsedAt: new Date(Date.now() - 9 * 24 * 3600_000),
    },
    select: { id: true },
  });
  await seedLegacyKeyRequests(db, key.id);
}

/**
 * A few weeks of nightly syncs up to its Last Used (9 days ago), so the key's page has a chart
 * and Recent requests on the first visit: per hour in ApiKeyUsage, the latest ones in ApiRequest.
 */
async function seedLegacyKeyRequests(db: PrismaClient, apiKeyId: string): Promise<void> {
  const HOUR = 3600_000;
  const lastUsed = Math.floor((Date.now() - 9 * 24 * HOUR) / HOUR) * HOUR;
  const nights = Array.from({ length: 18 }, (_, night) => lastUsed - night * 24 * HOUR);
  await db.apiKeyUsage.createMany({
    data: nights.map((bucket, night) => ({
      apiKeyId,
      bucket: new Date(bucket),
      requests: 40 + ((night * 17) % 25),
      clientErrors: night % 5 === 2 ? 3 : 0,
      rateLimited: night % 7 === 4 ? 6 : 0,
    })),
  });
  const paths = ["/api/v1/calls", "/api/v1/calls", "/api/v1/calls/cm3k9w0aa0000qz8hb1c2d3e4", "/api/v1/me"];
  await db.apiRequest.createMany({
    data: Array.from({ length: 24 }, (_, index) => ({
      apiKeyId,
      at: new Date(lastUsed + 59 * 60_000 - index * 47_000 - (index >= 12 ? 24 * HOUR : 0)),
      method: "GET",
      path: paths[index % paths.length],
      status: index === 5 ? 429 : index === 14 ? 404 : 200,
      clientAddress: "198.51.100.23",
      userAgent: "legacy-crm-sync/1.4 (+python-requests/2.31)",
      durationMs: 18 + ((index * 13) % 40),
    })),
  });
}

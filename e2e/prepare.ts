// Prepares the e2e database before the server starts: migrations, demo data, fixtures of each
// spec area. Writes what the specs need to know (ids, and API keys made for the API specs) to
// .data/e2e-fixtures.json — a test artifact, never product data.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { closeDatabase, database } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import { seedDemoData } from "../scripts/demo-data";
import { prepareApiFixtures } from "./fixtures/api";
import { fixturesFile } from "./fixtures/file";
import { prepareHardeningFixtures } from "./fixtures/hardening";
import { prepareInputsFixtures } from "./fixtures/inputs";
import { prepareKeyHealthFixtures } from "./fixtures/key-health";
import { prepareKeyPageFixtures } from "./fixtures/key-page";
import { prepareLeakFixtures } from "./fixtures/leaks";
import { prepareManagementFixtures } from "./fixtures/management";
import { preparePoliciesFixtures } from "./fixtures/policies";
import { prepareSettingsFixtures } from "./fixtures/settings";

const FIXTURES_FILE = fixturesFile();

async function main() {
  const current = database();
  await current.withSession((session) => applyMigrations(session));
  await seedDemoData(current.client);
  const fixtures = {
    settings: await prepareSettingsFixtures(current.client),
    api: await prepareApiFixtures(current.client),
    hardening: await prepareHardeningFixtures(current.client),
    keyPage: await prepareKeyPageFixtures(current.client),
    leaks: await prepareLeakFixtures(current.client),
    inputs: await prepareInputsFixtures(current.client),
    management: await prepareManagementFixtures(current.client),
    policies: await preparePoliciesFixtures(current.client),
    keyHealth: await prepareKeyHealthFixtures(current.client),
  };
  mkdirSync(path.dirname(FIXTURES_FILE), { recursive: true });
  writeFileSync(FIXTURES_FILE, JSON.stringify(fixtures, null, 2));
}

main()
  .catch((error) => {
    console.error(`e2e prepare failed: ${(error as Error).stack}`);
    process.exitCode = 1;
  })
  .finally(closeDatabase);

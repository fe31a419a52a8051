// Operator CLI: npm run flags -- --org globex --set extended-api-key-limit=on
import { parseArgs } from "node:util";
import { closeDatabase, db } from "../lib/db/client";
import { FlagError, KNOWN_FLAGS, setFeatureFlag } from "../lib/organizations/flags";

const USAGE = `Usage:
  npm run flags -- --org <slug> --set <flag>=on|off
  npm run flags -- --org <slug>            (show the organization's flags)
Known flags: ${KNOWN_FLAGS.join(", ")}`;

async function main(): Promise<number> {
  let values: { org?: string; set?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { org: { type: "string" }, set: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help || !values.org) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (!values.set) {
    const organization = await db.organization.findUnique({ where: { slug: values.org }, select: { features: true } });
    if (!organization) throw new FlagError(`No organization with slug "${values.org}".`);
    console.log(`${values.org}: ${organization.features.join(", ") || "(no flags)"}`);
    return 0;
  }
  const match = /^([a-z0-9-]+)=(on|off)$/.exec(values.set);
  if (!match) {
    console.error(`--set takes <flag>=on|off, got "${values.set}".\n${USAGE}`);
    return 2;
  }
  const features = await setFeatureFlag(values.org, match[1], match[2] === "on");
  console.log(`${values.org}: ${match[1]} is ${match[2]} (flags: ${features.join(", ") || "none"})`);
  return 0;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    console.error(error instanceof FlagError ? error.message : `flags failed: ${(error as Error).message}`);
    process.exitCode = 1;
  })
  .finally(closeDatabase);

import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * The recipe of a key change (commands/key-change.ts) is only an invariant if nothing goes
 * around it. These checks read the source: a new command that opens its own transaction, or a
 * module elsewhere that writes a key row, fails here and has to say why in this list.
 */
const sources = execSync("git ls-files -co --exclude-standard lib app scripts", { encoding: "utf8" })
  .split("\n")
  .filter(
    (file) =>
      /\.(ts|tsx)$/.test(file) &&
      !file.includes(".test.") &&
      !file.startsWith("lib/db/generated/") &&
      // Benchmarks write their own fixtures, in bulk.
      !file.startsWith("scripts/bench"),
  );

const read = (file: string) => readFileSync(file, "utf8");

/** Writers of ApiKey rows outside the commands, each with its reason. */
const OTHER_KEY_WRITERS: Record<string, string> = {
  "lib/api-keys/verification/verify.ts": "Last Used only (not a change an admin makes; never audited)",
  "scripts/demo-data.ts": "demo data for an empty database",
};

describe("every key change follows one recipe", () => {
  it("only commands write key rows (apart from the listed exceptions)", () => {
    const writers = sources.filter((file) =>
      /\bapiKey\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\(|UPDATE "ApiKey"|INSERT INTO "ApiKey"/.test(
        read(file),
      ),
    );
    const outside = writers.filter((file) => !file.startsWith("lib/api-keys/commands/"));
    expect(outside.sort()).toEqual(Object.keys(OTHER_KEY_WRITERS).sort());
  });

  it("no command opens a transaction of its own: key-change.ts holds the only one", () => {
    const commands = sources.filter((file) => file.startsWith("lib/api-keys/commands/"));
    expect(commands.length).toBeGreaterThan(4);
    const withTransaction = commands.filter((file) => read(file).includes("$transaction"));
    expect(withTransaction).toEqual(["lib/api-keys/commands/key-change.ts"]);
  });

  it("webhook endpoint changes follow the same recipe: no transaction or audit write of their own", () => {
    const endpoints = sources.filter((file) => file.startsWith("lib/webhook-endpoints/"));
    expect(endpoints.length).toBeGreaterThan(1);
    const around = endpoints.filter((file) => /\$transaction|recordAuditEvent/.test(read(file)));
    expect(around).toEqual([]);
  });

  it("every command writes an audit event through the recipe, never recordAuditEvent directly", () => {
    const direct = sources.filter(
      (file) =>
        file.startsWith("lib/api-keys/") &&
        file !== "lib/api-keys/commands/key-change.ts" &&
        read(file).includes("recordAuditEvent"),
    );
    expect(direct).toEqual([]);
  });
});

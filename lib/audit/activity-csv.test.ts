import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { setKeyPolicies } from "@/lib/api-keys/commands/policies";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { NO_POLICY } from "@/lib/api-keys/policies";
import { db, enableQueryEvents, onQuery } from "@/lib/db/client";
import { parseCsv } from "@/tests/csv";
import { createMember, createOrganization } from "@/tests/factories";
import { loadActivityKeyOptions, loadActivityPage } from "./activity";
import {
  ACTIVITY_CSV_HEADER,
  activityCsvFilename,
  activityCsvLine,
  activityCsvStream,
  csvCell,
  csvLine,
} from "./activity-csv";

enableQueryEvents();

describe("CSV cells", () => {
  it("quotes every cell and round-trips", () => {
    const cells = [
      "plain",
      "with, comma",
      'say "hi"',
      "two\nlines",
      " padded ",
      "“Zapier — production” (glyk_AbCd…)",
      "",
    ];
    expect(csvLine(cells)).toBe(
      '"plain","with, comma","say ""hi""","two\nlines"," padded ","“Zapier — production” (glyk_AbCd…)",""\r\n',
    );
    expect(parseCsv(csvLine(cells))).toEqual([cells]);
  });

  it("keeps a formula in the middle of a cell inside its quotes, whatever the list separator", () => {
    // Unquoted, a spreadsheet whose list separator is ";" split this into x | =1+2 | y.
    expect(csvCell("x;=1+2;y")).toBe('"x;=1+2;y"');
    expect(csvCell("a\t=1+2")).toBe('"a\t=1+2"');
    const line = csvLine(["x;=1+2;y", "ok"]);
    expect(parseCsv(line)).toEqual([["x;=1+2;y", "ok"]]);
    // Read with ";" as the separator, no cell starts with "=": the quotes keep it one cell.
    expect(parseCsv(line, ";")).toEqual([["x;=1+2;y,ok"]]);
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""click"")"',
    );
    expect(csvCell("+1+1")).toBe(`"'+1+1"`);
    expect(csvCell("-2+3")).toBe(`"'-2+3"`);
    expect(csvCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvCell("\t=1")).toBe(`"'\t=1"`);
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    expect(csvCell("a=b")).toBe('"a=b"');
    expect(csvCell("2026-12-02T10:00:00.000Z")).toBe('"2026-12-02T10:00:00.000Z"');
  });

  it("names the webhooks job as the actor of an endpoint it disabled, with no key", () => {
    const line = activityCsvLine({
      id: "e1",
      action: "webhook.endpoint_disabled",
      keyName: "",
      keyPrefix: "",
      details: { endpointId: "whe_1", url: "https://hooks.example.com/glyphic", reason: "failing" },
      createdAt: new Date("2026-12-02T10:00:00Z"),
      actorName: null,
      actorEmail: null,
      actorId: null,
      apiKeyId: null,
      actorKeyId: null,
      actorKeyName: null,
      actorKeyPrefix: null,
    });
    expect(parseCsv(line)).toEqual([
      [
        "2026-12-02T10:00:00.000Z",
        "Webhooks",
        "",
        "webhook.endpoint_disabled",
        "",
        "",
        "disabled webhook endpoint https://hooks.example.com/glyphic (failing for 5 days)",
      ],
    ]);
  });

  it("names the file after the organization and the day", () => {
    expect(activityCsvFilename("acme", new Date("2026-12-02T23:59:00Z"))).toBe("glyphic-activity-acme-2026-12-02.csv");
    expect(activityCsvFilename('we"ird/../Slug', new Date("2026-12-02T00:00:00Z"))).toBe(
      "glyphic-activity-we-ird-slug-2026-12-02.csv",
    );
  });
});

/** The bytes as text, byte order mark kept (Response.text() would drop it). */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

describe("activity CSV stream (real database)", () => {
  it("writes every event of the organization, newest first, with Unknown for former members, and no secret", async () => {
    const org = await createOrganization();
    const avery = await createMember(org.id, "ADMIN", "Avery Admin");
    const fran = await createMember(org.id, "ADMIN", "Fran Former");
    const created = await createApiKey({ organizationId: org.id, userId: avery.id, name: "=cmd|' /C calc'!A0" });
    await revokeApiKey({ organizationId: org.id, userId: fran.id, keyId: created.summary.id });
    await db.membership.deleteMany({ where: { userId: fran.id, organizationId: org.id } });
    const base = Date.now() - 3_600_000;
    await db.auditEvent.createMany({
      data: Array.from({ length: 2_345 }, (_, i) => ({
        organizationId: org.id,
        actorId: avery.id,
        apiKeyId: created.summary.id,
        action: "api_key.renamed",
        keyName: `Name, "${i}"`,
        keyPrefix: created.summary.prefix,
        details: { previousName: `Old ${i}` },
        createdAt: new Date(base - i * 1000),
      })),
    });
    const elsewhere = await createOrganization();
    const outsider = await createMember(elsewhere.id, "ADMIN", "Olive Outsider");
    await createApiKey({ organizationId: elsewhere.id, userId: outsider.id, name: "Not ours" });

    let ended: { rows: number } | undefined;
    const text = await readAll(
      activityCsvStream(org.id, {}, { batchSize: 500, onEnd: (outcome) => (ended = outcome) }),
    );
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(ACTIVITY_CSV_HEADER);
    expect(rows).toHaveLength(2_347);
    expect(ended).toEqual({ rows: 2_347 });
    const prefix = created.summary.prefix;
    expect(rows[0]).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      "Unknown",
      "",
      "api_key.revoked",
      "'=cmd|' /C calc'!A0",
      prefix,
      `revoked “=cmd|' /C calc'!A0” (${prefix}…)`,
    ]);
    expect(rows[1].slice(1, 5)).toEqual(["Avery Admin", avery.email, "api_key.created", "'=cmd|' /C calc'!A0"]);
    expect(rows[2].slice(1)).toEqual([
      "Avery Admin",
      avery.email,
      "api_key.renamed",
      'Name, "0"',
      prefix,
      `renamed “Old 0” (${prefix}…) to “Name, "0"”`,
    ]);
    expect(rows.at(-1)?.[4]).toBe('Name, "2344"');
    const times = rows.map((row) => row[0]);
    expect([...times].sort().reverse()).toEqual(times);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain("Olive Outsider");
    expect(text).not.toContain("Not ours");
  });

  it("reads a batch only when the reader asks for more (one batch in memory)", async () => {
    const org = await createOrganization();
    await db.auditEvent.createMany({
      data: Array.from({ length: 250 }, (_, i) => ({
        organizationId: org.id,
        action: "api_key.revoked",
        keyName: `k${i}`,
        keyPrefix: "glyk_Strm",
        createdAt: new Date(Date.now() - i * 1000),
      })),
    });
    const reads: string[] = [];
    onQuery((event) => {
      if (event.query.includes('FROM "AuditEvent"')) reads.push(event.params);
    });
    const reader = activityCsvStream(org.id, {}, { batchSize: 100 }).getReader();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toHaveLength(0);
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).split("\r\n")).toHaveLength(102); // header, 100 rows, ""
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toHaveLength(1);
    let chunks = 1;
    while (!(await reader.read()).done) chunks++;
    expect(chunks).toBe(3);
    expect(reads).toHaveLength(3);
  });

  it("one key's events only, when filtered", async () => {
    const org = await createOrganization();
    const avery = await createMember(org.id, "ADMIN", "Avery Admin");
    const first = await createApiKey({ organizationId: org.id, userId: avery.id, name: "First" });
    await createApiKey({ organizationId: org.id, userId: avery.id, name: "Second" });
    const rows = parseCsv((await readAll(activityCsvStream(org.id, { keyId: first.summary.id }))).slice(1));
    expect(rows.slice(1).map((row) => row[4])).toEqual(["First"]);
  });

  it("a change of the key policies (no key): in the list and the export with empty key cells, not in a key's", async () => {
    const org = await createOrganization();
    const olive = await createMember(org.id, "OWNER", "Olive Owner");
    const key = await createApiKey({ organizationId: org.id, userId: olive.id, name: "Warehouse" });
    await setKeyPolicies({
      organizationId: org.id,
      userId: olive.id,
      policy: { ...NO_POLICY, maxKeyLifetimeDays: 90, requireAllowedAddressesForWrite: true },
    });
    const sentence =
      "changed the key policies: Maximum key lifetime: 90 days; Require allowed addresses for keys that can change keys: on";

    const page = await loadActivityPage(org.id);
    expect(page.events.map((event) => [event.actorName, event.description])).toEqual([
      ["Olive Owner", sentence],
      ["Olive Owner", `created “Warehouse” (${key.summary.prefix}…)`],
    ]);
    // The key filter lists keys only, and a key's activity leaves the policies out.
    expect((await loadActivityKeyOptions(org.id)).map((option) => option.name)).toEqual(["Warehouse"]);
    expect((await loadActivityPage(org.id, { keyId: key.summary.id })).events).toHaveLength(1);

    const [, ...rows] = parseCsv((await readAll(activityCsvStream(org.id, {}))).slice(1));
    expect(rows[0].slice(1)).toEqual(["Olive Owner", olive.email, "organization.policies_changed", "", "", sentence]);
    const filtered = parseCsv((await readAll(activityCsvStream(org.id, { keyId: key.summary.id }))).slice(1));
    expect(filtered.slice(1).map((row) => row[3])).toEqual(["api_key.created"]);
  });
});

import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { db } from "@/lib/db/client";
import { orgWithAdmin } from "@/tests/factories";
import { freePort } from "@/tests/free-port";
import { sendTestEvent } from "../webhook-endpoints/attempts";
import { addWebhookEndpoint } from "../webhook-endpoints/endpoints";
import { type SignedHeaders, signedHeaders } from "../webhooks/signing";
import { WEBHOOK_RECEIVER_EXAMPLE } from "./docs-webhooks";

/**
 * The receiver /docs/api shows, run as written (node, the standardwebhooks package) against real
 * deliveries: it accepts what Glyphic signs, refuses a forgery and a replay of an old request,
 * and handles a retried event once.
 */
const folder = path.join(process.cwd(), "test-results");
mkdirSync(folder, { recursive: true });
const directory = mkdtempSync(path.join(folder, "webhook-receiver-example-"));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill();
  rmSync(directory, { recursive: true, force: true });
});

async function startExample(secret: string, port: number) {
  const file = path.join(directory, "receiver.mjs");
  writeFileSync(file, WEBHOOK_RECEIVER_EXAMPLE);
  const output: string[] = [];
  const started = spawn(process.execPath, [file], {
    env: { NODE_ENV: "production", PORT: String(port), GLYPHIC_WEBHOOK_SECRET: secret },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child = started;
  started.stdout?.on("data", (chunk: Buffer) =>
    output.push(
      ...chunk
        .toString("utf8")
        .trim()
        .split("\n")
        .map((line) => line.trim()),
    ),
  );
  const deadline = Date.now() + 10_000;
  while (true) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" });
      return output;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe("the receiver example of /docs/api", () => {
  it("verifies real deliveries, handles each event once and refuses forgeries", async () => {
    const { actor } = await orgWithAdmin();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/glyphic`;
    const endpoint = await addWebhookEndpoint(actor, { url, events: [] });
    const output = await startExample(endpoint.secret, port);

    const test = await sendTestEvent(actor, endpoint.id);
    expect(test).toMatchObject({ delivered: true, status: 204 });
    await createApiKey({ ...actor, name: "Deploy bot" });
    const until = Date.now() + 10_000;
    while (!output.includes("key.created Deploy bot") && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(output).toEqual(["webhook.test", "key.created Deploy bot"]);

    const post = (headers: SignedHeaders, body: string) =>
      fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
    // The test event sent again, as a retry is (same webhook-id, a fresh signature): not handled twice.
    const sent = await db.webhookDelivery.findUniqueOrThrow({
      where: { id: test.deliveryId },
      select: { event: { select: { id: true, body: true } } },
    });
    const { body } = sent.event;
    const retry = await post(signedHeaders(sent.event.id, body, [endpoint.secret], new Date()), body);
    expect(retry.status).toBe(204);
    // Another secret, or a request recorded an hour ago: refused.
    const forged = signedHeaders("msg_forged", body, [`whsec_${Buffer.alloc(24, 1).toString("base64")}`], new Date());
    expect((await post(forged, body)).status).toBe(400);
    const old = signedHeaders("msg_old", body, [endpoint.secret], new Date(Date.now() - 3_600_000));
    expect((await post(old, body)).status).toBe(400);
    expect(output).toEqual(["webhook.test", "key.created Deploy bot"]);
  });
});

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstashTransport } from "./transport";

/**
 * The transport against an HTTPS stand-in for Upstash (real Upstash is https://; the bridge the
 * other tests use is plain http). The stand-in records what it receives and answers as told.
 */
interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}
const received: Received[] = [];
let answer: (body: unknown) => { status: number; body: unknown; headers?: Record<string, string> } = () => ({
  status: 200,
  body: [],
});
let server: https.Server;
let url: string;
let ca: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "upstash-tls-"));
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"],
      ...["-addext", "subjectAltName=DNS:localhost", "-keyout", "key.pem", "-out", "cert.pem"],
    ],
    { cwd: dir, stdio: "ignore" },
  );
  ca = readFileSync(path.join(dir, "cert.pem"), "utf8");
  server = https.createServer({ key: readFileSync(path.join(dir, "key.pem")), cert: ca }, (request, response) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => {
      const body = JSON.parse(text);
      received.push({ path: request.url ?? "", headers: request.headers, body });
      const reply = answer(body);
      response.writeHead(reply.status, { "Content-Type": "application/json", ...reply.headers });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://localhost:${(server.address() as AddressInfo).port}/db`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const transport = () => createUpstashTransport({ url, token: "secret-token", timeoutMs: 1_000, ca });

describe("Upstash transport over HTTPS", () => {
  it("posts pipelines to <url>/pipeline with the bearer token, as plain JSON, and returns each command's reply", async () => {
    received.length = 0;
    answer = (body) => ({ status: 200, body: (body as unknown[]).map((_, index) => ({ result: index })) });
    const replies = await transport().request({
      path: ["pipeline"],
      body: [
        ["GET", "a"],
        ["GETEX", "b"],
      ],
    });
    expect(replies).toEqual([{ result: 0 }, { result: 1 }]);
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe("/db/pipeline");
    expect(received[0].headers.authorization).toBe("Bearer secret-token");
    expect(received[0].headers["upstash-encoding"]).toBeUndefined();
    expect(received[0].body).toEqual([
      ["GET", "a"],
      ["GETEX", "b"],
    ]);
  });

  it("sends the pipelines of one event-loop turn together and gives each caller its own replies", async () => {
    received.length = 0;
    answer = (body) => ({
      status: 200,
      body: (body as string[][]).map((command) => ({ result: command[1] })),
    });
    const client = transport();
    const first = client.request({ path: ["pipeline"], body: [["GET", "1"]] });
    await Promise.resolve();
    const second = client.request({
      path: ["pipeline"],
      body: [
        ["GET", "2"],
        ["GET", "3"],
      ],
    });
    expect(await Promise.all([first, second])).toEqual([[{ result: "1" }], [{ result: "2" }, { result: "3" }]]);
    expect(received).toHaveLength(1);
  });

  it("keeps the read-your-writes token the server hands out and sends it back", async () => {
    received.length = 0;
    answer = () => ({ status: 200, body: [{ result: "OK" }], headers: { "upstash-sync-token": "sync-1" } });
    const client = transport();
    await client.request({ path: ["pipeline"], body: [["SET", "k", "v"]] });
    await client.request({ path: ["pipeline"], body: [["GET", "k"]] });
    expect(received.map((request) => request.headers["upstash-sync-token"])).toEqual([undefined, "sync-1"]);
  });

  it("fails with the server's message, never the commands (they name keys)", async () => {
    answer = () => ({ status: 401, body: { error: "Unauthorized" } });
    const failure = transport().request({ path: ["pipeline"], body: [["GET", "glyphic:api:key:some-hash"]] });
    await expect(failure).rejects.toThrow(/^Unauthorized$/);
  });

  it("fails every caller of a batch whose reply does not match it", async () => {
    answer = () => ({ status: 200, body: [{ result: 1 }] });
    const client = transport();
    const first = client.request({ path: ["pipeline"], body: [["GET", "1"]] });
    const second = client.request({ path: ["pipeline"], body: [["GET", "2"]] });
    await expect(first).rejects.toThrow(/wrong number of results/);
    await expect(second).rejects.toThrow(/wrong number of results/);
  });
});

import { describe, expect, it, vi } from "vitest";

vi.mock("next/server", async (importOriginal) =>
  (await import("@/tests/after-tasks")).withCollectedAfter(importOriginal),
);

import { POST } from "@/app/api/secret-scanning/github/route";
import { generateApiKey } from "@/lib/api-keys/format";
import { runAfterTasks } from "@/tests/after-tasks";
import { finding, meStatus, organizationWithKey, startAlertEndpoint } from "@/tests/alert-endpoint";
import { alertRequest, signBody } from "@/tests/secret-scanning";
import { handleGithubAlert, MAX_ITEMS, UNVERIFIED_ALERTS_RULE } from "./github";
import { createPublicKeyCache } from "./public-keys";

/** What the alert endpoint refuses, and what refusing costs: nothing changes, little is read. */
const { github, stranger, keyList, snapshot } = await startAlertEndpoint();

describe("a refused alert changes nothing", () => {
  it("answers 4xx with the error envelope for forged, unsigned, malformed and oversized alerts", async () => {
    const { org, key } = await organizationWithKey();
    const before = await snapshot(org.id);
    const body = JSON.stringify([finding(key)]);
    const signedOther = alertRequest(JSON.stringify([finding(generateApiKey().key)]), github);
    const cases: [string, Request, number, string][] = [
      ["signed by another key", alertRequest(body, stranger), 401, "invalid_signature"],
      [
        "a signature of another body",
        alertRequest(body, null, {
          "github-public-key-identifier": github.identifier,
          "github-public-key-signature": signedOther.headers.get("github-public-key-signature") ?? "",
        }),
        401,
        "invalid_signature",
      ],
      [
        "a signature that is not base64 DER",
        alertRequest(body, null, {
          "github-public-key-identifier": github.identifier,
          "github-public-key-signature": "not base64!",
        }),
        400,
        "bad_request",
      ],
      [
        "a signature longer than any P-256 signature",
        alertRequest(body, null, {
          "github-public-key-identifier": github.identifier,
          "github-public-key-signature": "A".repeat(100),
        }),
        400,
        "bad_request",
      ],
      [
        "a key identifier not of GitHub's shape (a hex SHA-256)",
        alertRequest(body, { ...github, identifier: "nobody-knows-this" }),
        400,
        "bad_request",
      ],
      [
        "a key identifier in upper case",
        alertRequest(body, { ...github, identifier: github.identifier.toUpperCase() }),
        400,
        "bad_request",
      ],
      ["no signature headers", alertRequest(body, null), 400, "bad_request"],
      ["malformed JSON, signed", alertRequest(`${body.slice(0, -1)}`, github), 400, "bad_request"],
      ["an object, not an array", alertRequest(JSON.stringify({ token: key }), github), 400, "bad_request"],
      ["an item without a type", alertRequest(JSON.stringify([{ token: key }]), github), 400, "bad_request"],
      [
        `more than ${MAX_ITEMS} items`,
        alertRequest(JSON.stringify([finding(key), ...Array.from({ length: MAX_ITEMS }, () => finding("x"))]), github),
        400,
        "bad_request",
      ],
      ["invalid UTF-8, signed", alertRequest(Buffer.from([0x5b, 0xff, 0x5d]), github), 400, "bad_request"],
      [
        "a body that breaks off",
        new Request("http://localhost/api/secret-scanning/github", {
          method: "POST",
          headers: {
            "github-public-key-identifier": github.identifier,
            "github-public-key-signature": signBody("[{", github),
          },
          body: new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("[{"));
              controller.error(new Error("connection reset"));
            },
          }),
          duplex: "half",
        } as RequestInit),
        400,
        "bad_request",
      ],
      [
        "a body over 1 MB",
        alertRequest(JSON.stringify([finding(key), { token: "x".repeat(1024 * 1024), type: "t" }]), github),
        413,
        "payload_too_large",
      ],
    ];
    for (const [what, request, status, code] of cases) {
      const response = await POST(request);
      expect(response.status, what).toBe(status);
      expect(response.headers.get("content-type"), what).toMatch(/^application\/json/);
      const answer = await response.json();
      expect(answer.error.code, what).toBe(code);
      expect(answer.error.message, what).toMatch(/\w/);
    }
    await runAfterTasks();
    expect(await snapshot(org.id)).toEqual(before);
    expect(await meStatus(key)).toBe(200);
  });

  it("answers 503 when the key list is unreachable (GitHub retries), and changes nothing", async () => {
    const { org, key } = await organizationWithKey();
    const before = await snapshot(org.id);
    const down = createPublicKeyCache("http://127.0.0.1:9/unreachable");
    const response = await handleGithubAlert(alertRequest(JSON.stringify([finding(key)]), github), {
      keys: down,
      afterResponse: () => {},
    });
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("service_unavailable");
    keyList.failWith = 500;
    try {
      const failing = createPublicKeyCache(keyList.url);
      const answer = await handleGithubAlert(alertRequest(JSON.stringify([finding(key)]), github), {
        keys: failing,
        afterResponse: () => {},
      });
      expect(answer.status).toBe(503);
    } finally {
      keyList.failWith = null;
    }
    expect(await snapshot(org.id)).toEqual(before);
    expect(await meStatus(key)).toBe(200);
  });

  it("rejects other methods with 405", async () => {
    const route = await import("@/app/api/secret-scanning/github/route");
    const response = await route.GET(new Request("http://localhost/api/secret-scanning/github"));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("the alert endpoint's cost before a signature verifies", () => {
  it("checks the signature headers before reading the body", async () => {
    let pulled = false;
    const request = (headers: Record<string, string>) =>
      new Request("http://localhost/api/secret-scanning/github", {
        method: "POST",
        headers,
        body: new ReadableStream(
          {
            pull(controller) {
              pulled = true;
              controller.enqueue(new TextEncoder().encode("[]"));
              controller.close();
            },
          },
          { highWaterMark: 0 },
        ),
        duplex: "half",
      } as RequestInit);
    const signature = signBody("[]", github);
    for (const headers of <Record<string, string>[]>[
      {},
      { "github-public-key-identifier": github.identifier },
      { "github-public-key-identifier": "nobody", "github-public-key-signature": signature },
      { "github-public-key-identifier": github.identifier, "github-public-key-signature": `${signature}!` },
    ]) {
      const response = await POST(request(headers));
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe("bad_request");
    }
    expect(pulled).toBe(false);
    const served = await POST(
      request({ "github-public-key-identifier": github.identifier, "github-public-key-signature": signature }),
    );
    expect(served.status).toBe(200);
    expect(pulled).toBe(true);
  });

  it("limits unverified alerts per client address (429 with Retry-After); GitHub's verified alerts spend nothing", async () => {
    const body = JSON.stringify([{ token: "ghp_not_ours", type: "glyphic_api_key" }]);
    const from = (address: string, key = github) =>
      POST(alertRequest(body, key, { "x-forwarded-for": `198.51.100.1, ${address}` }));
    // GitHub's own alerts, more than the limit, from one address: all answered.
    for (let i = 0; i < UNVERIFIED_ALERTS_RULE.requests + 5; i++) expect((await from("203.0.113.10")).status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < UNVERIFIED_ALERTS_RULE.requests + 2; i++)
      statuses.push((await from("203.0.113.66", stranger)).status);
    expect(statuses.slice(0, UNVERIFIED_ALERTS_RULE.requests).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(UNVERIFIED_ALERTS_RULE.requests)).toEqual([429, 429]);
    const refused = await from("203.0.113.66");
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another address is not affected.
    expect((await from("203.0.113.67", stranger)).status).toBe(401);
    expect((await from("203.0.113.67")).status).toBe(200);
  });
});

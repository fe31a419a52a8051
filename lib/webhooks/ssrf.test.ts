import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { orgWithAdmin } from "@/tests/factories";
import { startWebhookReceiver } from "@/tests/webhook-receiver";
import { sendTestEvent } from "../webhook-endpoints/attempts";
import { addWebhookEndpoint, WebhookError } from "../webhook-endpoints/endpoints";
import { endpointUrlProblem, isPublicAddress, type Resolver } from "./addresses";
import { overrideDeliveryNetwork } from "./deliver";
import { postSigned } from "./http";

/**
 * Where webhooks may go, as production decides it (allowLocal: false): refused at registration
 * and again at delivery, against the address actually connected to. A receiver on 127.0.0.1
 * stands for every internal service: a refused delivery must not even open a connection to it.
 */
const receiver = await startWebhookReceiver();
afterAll(() => receiver.stop());
afterEach(() => overrideDeliveryNetwork(null));

const production = { allowLocal: false };
const resolvesTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("which addresses are public", () => {
  it.each([
    ["127.0.0.1", false],
    ["127.10.0.3", false],
    ["10.0.0.8", false],
    ["172.20.1.1", false],
    ["192.168.1.10", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["::1", false],
    ["::", false],
    ["fd00:ec2::254", false],
    ["fc12:3456::1", false],
    ["fe80::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["::ffff:169.254.169.254", false],
    ["64:ff9b::a00:1", false],
    ["2002:a00:1::1", false],
    ["224.0.0.1", false],
    ["not an address", false],
    ["93.184.216.34", true],
    ["8.8.8.8", true],
    ["2606:4700:4700::1111", true],
    ["::ffff:8.8.8.8", true],
  ])("%s → %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe("registration in production", () => {
  it.each([
    ["https://127.0.0.1/hook", /127\.0\.0\.1, which is not a public address/],
    ["https://10.1.2.3/hook", /10\.1\.2\.3, which is not a public address/],
    ["https://169.254.169.254/latest/meta-data/", /169\.254\.169\.254, which is not a public address/],
    ["https://[fd00::1]/hook", /fd00::1, which is not a public address/],
    ["https://[::ffff:127.0.0.1]/hook", /not a public address/],
    ["http://93.184.216.34/hook", /must start with https:\/\//],
    ["ftp://example.com/hook", /must start with https:\/\//],
    ["https://user:pass@example.com/hook", /user name and password/],
    ["hooks.example.com", /full URL/],
    ["", /Enter the URL/],
  ])("refuses %s", async (url, message) => {
    expect(await endpointUrlProblem(url, production)).toMatch(message);
  });

  it("refuses a host name that resolves to a loopback address (localhost, and any other name)", async () => {
    expect(await endpointUrlProblem("https://localhost/hook", production)).toMatch(/not a public address/);
    expect(
      await endpointUrlProblem("https://internal.example.com/hook", {
        ...production,
        resolve: resolvesTo("127.0.0.1"),
      }),
    ).toBe(
      "The host internal.example.com resolves to 127.0.0.1, which is not a public address. Events are sent only to public addresses.",
    );
    // One private address among public ones is enough to refuse.
    expect(
      await endpointUrlProblem("https://mixed.example.com/", {
        ...production,
        resolve: resolvesTo("8.8.8.8", "10.0.0.1"),
      }),
    ).toMatch(/10\.0\.0\.1/);
  });

  it("accepts a public https URL, and development accepts a local http receiver", async () => {
    expect(await endpointUrlProblem("https://93.184.216.34/hook", production)).toBeNull();
    expect(
      await endpointUrlProblem("https://hooks.example.com/x", { ...production, resolve: resolvesTo("93.184.216.34") }),
    ).toBeNull();
    expect(await endpointUrlProblem(receiver.url, { allowLocal: true })).toBeNull();
  });

  it("the command refuses with the sentence and writes nothing", async () => {
    const { actor } = await orgWithAdmin();
    await expect(
      addWebhookEndpoint(actor, { url: "https://169.254.169.254/latest", events: [] }, { allowLocal: false }),
    ).rejects.toThrow(WebhookError);
    expect(await db.webhookEndpoint.count({ where: { organizationId: actor.organizationId } })).toBe(0);
  });
});

describe("delivery in production", () => {
  it("refuses a name that resolved to a public address when added but to 127.0.0.1 now (DNS rebinding), without connecting", async () => {
    const { actor } = await orgWithAdmin();
    const url = `https://rebind.example.com:${receiver.port}/hook`;
    const endpoint = await addWebhookEndpoint(
      actor,
      { url, events: [] },
      { allowLocal: false, resolve: resolvesTo("93.184.216.34") },
    );
    overrideDeliveryNetwork({ allowLocal: false, resolve: resolvesTo("127.0.0.1") });
    const connectionsBefore = receiver.connections;
    const result = await sendTestEvent(actor, endpoint.id);
    expect(result).toMatchObject({ delivered: false, status: null });
    expect(result.error).toMatch(/rebind\.example\.com resolves to 127\.0\.0\.1, which is not a public address/);
    expect(receiver.connections).toBe(connectionsBefore);
    expect(receiver.received).toHaveLength(0);
  });

  it.each([
    "http://127.0.0.1:PORT/hook",
    "https://127.0.0.1:PORT/hook",
    "https://[::1]:PORT/hook",
    "https://10.0.0.1:PORT/hook",
    "https://169.254.169.254/latest",
  ])("refuses %s before connecting", async (template) => {
    const connectionsBefore = receiver.connections;
    const result = await postSigned(template.replace("PORT", String(receiver.port)), {}, "{}", {
      allowLocal: false,
      timeoutMs: 2_000,
    });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^refused: /);
    expect(receiver.connections).toBe(connectionsBefore);
  });

  it("sends to the same local receiver when local receivers are allowed (the refusals above are the rule, not a broken sender)", async () => {
    const result = await postSigned(receiver.url, {}, "{}", { allowLocal: true });
    expect(result).toMatchObject({ ok: true, status: 204, error: null });
  });

  it("gives a receiver 10 seconds at most, and does not follow redirects", async () => {
    receiver.respond.push({ status: 204, delayMs: 1_500 });
    const slow = await postSigned(receiver.url, {}, "{}", { allowLocal: true, timeoutMs: 500 });
    expect(slow).toMatchObject({ ok: false, status: null, error: "no response within 0.5 s" });
    receiver.respond.push({ status: 302 });
    const redirected = await postSigned(receiver.url, {}, "{}", { allowLocal: true });
    expect(redirected).toMatchObject({ ok: false, status: 302, error: "HTTP 302: redirects are not followed" });
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type App,
  createAcmeKey,
  dropSchema,
  freePort,
  schemaUrl,
  sessionCookie,
  startApp,
  useSchema,
} from "./harness";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

/**
 * Faults a production server must survive, each caused for real: Postgres goes away (a TCP
 * forwarder between the server and Postgres is cut, then restored) and Upstash cannot be
 * reached (nothing listening; a server that never answers).
 */
const SCHEMA = "system_faults";
let key = "";
let keyPrefix = "";

beforeAll(async () => {
  await useSchema(SCHEMA);
  ({ key, prefix: keyPrefix } = await createAcmeKey("Fault drills"));
});

afterAll(async () => {
  await dropSchema(SCHEMA);
});

const adminSessionCookie = () => sessionCookie("admin@acme.test");

/** The text a browser shows for the page once its scripts have run. */
async function renderedText(app: App, path: string, cookie: string): Promise<string> {
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const context = await browser.newContext();
    const [name, value] = cookie.split("=");
    await context.addCookies([{ name, value, url: app.url }]);
    const tab = await context.newPage();
    await tab.goto(`${app.url}${path}`);
    await tab.getByRole("button", { name: "Try again" }).waitFor({ timeout: 15_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; the visible text is the point
    return await tab.locator("body").innerText();
  } finally {
    await browser.close();
  }
}

const get = (app: App, path: string, apiKey = key) => fetch(`${app.url}${path}`, { headers: { "x-api-key": apiKey } });

describe("Postgres unreachable", () => {
  let proxy: TcpProxy;
  let app: App;

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(schemaUrl(SCHEMA)).port || 5432) });
    const viaProxy = new URL(schemaUrl(SCHEMA));
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    app = await startApp("faults-postgres", { DATABASE_URL: viaProxy.toString() });
  });

  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
  });

  it("answers 503 service_unavailable JSON while it is down, and recovers without a restart", async () => {
    expect((await get(app, "/api/v1/calls?limit=5")).status).toBe(200);

    await proxy.cut();
    for (const path of ["/api/v1/calls?limit=5", "/api/v1/calls", "/api/v1/me"]) {
      const response = await get(app, path);
      // /me may be answered from a cache of verified keys; anything that reads the database is a 503.
      if (path === "/api/v1/me" && response.status === 200) continue;
      expect(response.status, path).toBe(503);
      expect(response.headers.get("content-type")).toContain("application/json");
      const body = await response.json();
      expect(body.error.code).toBe("service_unavailable");
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|prisma|at \w+ \(|\.ts:\d+/i);
    }
    // Settings → API of a signed-in admin, in a real browser: the app's "try again" page (Next
    // renders error boundaries in the browser after a failed server render), no internals.
    const page = await fetch(`${app.url}/settings/api`, { headers: { cookie: await adminSessionCookie() } });
    expect(page.status).toBe(500);
    expect(await page.text()).not.toMatch(/ECONNREFUSED|prisma|\.ts:\d+/i);
    const shown = await renderedText(app, "/settings/api", await adminSessionCookie());
    expect(shown).toContain("This page couldn't load");
    expect(shown).toContain("Try again");
    expect(shown).not.toMatch(/ECONNREFUSED|prisma|database server/i);

    // A key the server has never seen needs the database to be judged: 503, not a false 401.
    const { generateApiKey } = await import("../../lib/api-keys/format");
    expect((await get(app, "/api/v1/me", generateApiKey().key)).status).toBe(503);

    await proxy.restore();
    let recovered = 0;
    for (let attempt = 0; attempt < 40 && recovered !== 200; attempt++) {
      recovered = (await get(app, "/api/v1/calls?limit=5")).status;
      if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(200);

    // Lines are written asynchronously (lib/log.ts): wait for the write, not only the request.
    await expect.poll(() => app.log()).toContain("database unreachable");
    expect(app.log()).not.toContain(key.slice(keyPrefix.length));
  });

  it("reports not ready (503 naming the database) while it is down, ready again after; alive throughout", async () => {
    const health = async (path: string) => {
      const response = await fetch(`${app.url}${path}`);
      expect(response.headers.get("cache-control"), path).toBe("no-store");
      return { status: response.status, text: await response.text() };
    };
    const pollReady = async () => {
      let last = await health("/api/health/ready");
      for (let attempt = 0; attempt < 40 && last.status !== 200; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        last = await health("/api/health/ready");
      }
      return last;
    };
    expect((await pollReady()).status).toBe(200);
    expect((await health("/api/health")).status).toBe(200);

    await proxy.cut();
    const started = Date.now();
    const down = await health("/api/health/ready");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toMatchObject({
      status: "unavailable",
      checks: { database: { status: "unavailable" }, rateLimit: { status: "ok", backend: "memory" } },
    });
    expect(down.text).not.toMatch(/postgres|127\.0\.0\.1|ECONNREFUSED|prisma/i);
    expect(await health("/api/health")).toEqual({ status: 200, text: '{"status":"ok"}' });

    await proxy.restore();
    const recovered = await pollReady();
    expect(recovered.status).toBe(200);
    expect(JSON.parse(recovered.text).checks.database.status).toBe("ok");
    expect((await health("/api/health")).status).toBe(200);
  });
});

describe("Upstash unreachable (fail open)", () => {
  let silent: Server;
  const apps: App[] = [];

  beforeAll(async () => {
    // Accepts connections and never answers: the limiter must give up after its timeout.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await new Promise((resolve) => silent.close(resolve));
  });

  it.each([
    ["nothing listening", async () => `http://127.0.0.1:${await freePort()}`],
    ["a server that never answers", async () => `http://127.0.0.1:${(silent.address() as AddressInfo).port}`],
  ])("keeps serving keyed requests when Upstash is %s, and logs it", async (label, upstashUrl) => {
    const app = await startApp(`faults-upstash-${label.replaceAll(" ", "-")}`, {
      DATABASE_URL: schemaUrl(SCHEMA),
      UPSTASH_REDIS_REST_URL: await upstashUrl(),
      UPSTASH_REDIS_REST_TOKEN: "token-of-an-unreachable-upstash",
    });
    apps.push(app);
    for (let i = 0; i < 3; i++) {
      const response = await get(app, "/api/v1/calls?limit=2");
      expect(response.status).toBe(200);
      expect((await response.json()).data).toHaveLength(2);
    }
    // Bad keys are still refused without Redis: the shape check needs no I/O.
    expect((await get(app, "/api/v1/me", "glyk_not-a-key")).status).toBe(401);
    await expect.poll(() => app.log()).toMatch(/Upstash unavailable.*fail open/);
  });
});

import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { captureLogs, componentLogger, createLogger, isoTime, REDACT_PATHS } from "./log";

function memoryLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: "info", destination }), lines };
}

describe("logger", () => {
  it("writes one JSON object per line with an ISO time and the level's name", () => {
    const { log, lines } = memoryLogger();
    log.info({ route: "/api/v1/me", status: 200 }, "api request");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: "info", route: "/api/v1/me", status: 200, msg: "api request" });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(line).not.toHaveProperty("pid");
  });

  it("censors secrets wherever a redaction path says, should an object carrying one be logged", () => {
    const { log, lines } = memoryLogger();
    const secret = "glyk_AbCd0123456789secretsecretsecret";
    log.info(
      {
        key: secret,
        token: secret,
        password: "hunter2",
        authorization: `Bearer ${secret}`,
        cookie: "next-auth.session-token=abc",
        headers: { authorization: "Bearer x", cookie: "a=b", "x-api-key": secret },
        req: { headers: { authorization: "Bearer x", cookie: "a=b", "x-api-key": secret } },
        apiKey: { id: "k1", key: secret },
        created: { key: secret, name: "Zapier" },
      },
      "object with secrets",
    );
    const text = lines.join("");
    expect(text).not.toContain(secret);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("session-token");
    const line = JSON.parse(text);
    expect(line.apiKey).toEqual({ id: "k1", key: "[redacted]" });
    expect(line.created).toEqual({ key: "[redacted]", name: "Zapier" });
    expect(line.headers["x-api-key"]).toBe("[redacted]");
  });

  it("names every secret-bearing field we know of in its redaction paths", () => {
    for (const path of ["key", "token", "password", "authorization", "cookie", 'headers["x-api-key"]', "created.key"]) {
      expect(REDACT_PATHS).toContain(path);
    }
  });

  it("tags a component's lines, and lets tests read them", () => {
    const logs = captureLogs();
    componentLogger("test-component").warn({ n: 1 }, "hello");
    logs.stop();
    expect(logs.lines).toContainEqual(expect.objectContaining({ component: "test-component", level: "warn", n: 1 }));
  });
});

describe("isoTime", () => {
  it("is pino's ISO time, whatever the milliseconds and across seconds", () => {
    const spy = vi.spyOn(Date, "now");
    try {
      for (const at of [
        Date.UTC(2026, 11, 2, 18, 57, 31, 4),
        Date.UTC(2026, 11, 2, 18, 57, 31, 40),
        Date.UTC(2026, 11, 2, 18, 57, 31, 999),
        Date.UTC(2026, 11, 2, 18, 57, 32, 0),
        Date.UTC(2026, 11, 31, 23, 59, 59, 999),
        Date.UTC(2027, 0, 1, 0, 0, 0, 1),
        Date.UTC(2026, 11, 2, 18, 57, 31, 500),
      ]) {
        spy.mockReturnValue(at);
        expect(isoTime()).toBe(pino.stdTimeFunctions.isoTime());
      }
    } finally {
      spy.mockRestore();
    }
  });
});

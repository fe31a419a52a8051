import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createGlyphicClient } from ".";
import { renderApiTypes, SCHEMA_FILE } from "./generate";

describe("the typed client's types", () => {
  it("are what the OpenAPI document generates now (else: run npm run api:types)", async () => {
    const committed = readFileSync(path.join(process.cwd(), SCHEMA_FILE), "utf8");
    const fresh = await renderApiTypes();
    // One assertion with the fix in its message: a diff of 1,000 lines says less than the command.
    expect(committed === fresh, `${SCHEMA_FILE} is stale: run npm run api:types and commit it`).toBe(true);
    expect(fresh).toContain('"/keys/{id}/roll"');
    expect(fresh).toMatch(/gracePeriodSeconds: 0 \| 3600 \| 86400 \| 604800;/);
  });
});

describe("createGlyphicClient", () => {
  it("sends the key in X-API-Key only, under /api/v1, and returns the API's error body", async () => {
    const key = `glyk_${"a".repeat(32)}AbC123`;
    const seen: Request[] = [];
    const glyphic = createGlyphicClient({
      baseUrl: "https://app.example.com/",
      apiKey: key,
      fetch: async (request) => {
        seen.push(request);
        return Response.json(
          { error: { code: "insufficient_permission", message: "This API key lacks keys:read." } },
          { status: 403 },
        );
      },
    });
    const { data, error, response } = await glyphic.GET("/keys/{id}", { params: { path: { id: "cmabc" } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(403);
    expect(error?.error.code).toBe("insufficient_permission");
    expect(seen[0].url).toBe("https://app.example.com/api/v1/keys/cmabc");
    expect(seen[0].headers.get("x-api-key")).toBe(key);
    expect(seen[0].url).not.toContain(key);
  });

  it("refuses a value that is not a key without repeating it", () => {
    expect(() => createGlyphicClient({ baseUrl: "https://app.example.com", apiKey: "hunter2 secret" })).toThrow(
      /^apiKey must be a Glyphic API key \(glyk_…\)\.$/,
    );
  });
});

import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema";

/**
 * A typed client of /api/v1: each path, parameter, body and answer is typed from the OpenAPI
 * document (lib/api-client/schema.d.ts, `npm run api:types`), so a renamed field is a compile
 * error here, not a surprise in production. Calls answer `{ data, error, response }`: `error`
 * is the API's `{ error: { code, message } }` on any non-2xx answer; nothing throws on a 4xx.
 *
 *   const glyphic = createGlyphicClient({ baseUrl: "https://app.example.com", apiKey });
 *   const { data, error } = await glyphic.GET("/keys/{id}", { params: { path: { id } } });
 */
export type { components, paths };
export type GlyphicClient = Client<paths>;
export type ApiKey = components["schemas"]["ApiKey"];
export type ApiErrorBody = components["schemas"]["Error"];

export interface GlyphicClientOptions {
  /** Where the app is served, e.g. https://app.example.com (with or without /api/v1). */
  baseUrl: string;
  /** A key from Settings → API. Sent in the X-API-Key header only: never in a URL, never logged. */
  apiKey: string;
  /** Headers for every request besides the key (e.g. a User-Agent naming your integration). */
  headers?: Record<string, string>;
  /** A fetch of your own (tests, proxies); the global fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
}

export function createGlyphicClient({ baseUrl, apiKey, headers, fetch }: GlyphicClientOptions): GlyphicClient {
  // The message never repeats the value: whatever was passed may be a secret.
  if (!/^glyk_[0-9A-Za-z]+$/.test(apiKey)) throw new Error("apiKey must be a Glyphic API key (glyk_…).");
  const root = baseUrl.replace(/\/+$/, "");
  return createClient<paths>({
    baseUrl: root.endsWith("/api/v1") ? root : `${root}/api/v1`,
    headers: { ...headers, "X-API-Key": apiKey },
    ...(fetch ? { fetch } : {}),
  });
}

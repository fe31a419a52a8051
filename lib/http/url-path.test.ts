import { describe, expect, it } from "vitest";
import { hasMalformedEscape, urlPath } from "./url-path";

describe("urlPath", () => {
  it("gives what URL's pathname gives for a Request's URL, never the query or fragment", () => {
    const urls = [
      "http://localhost/api/v1/me",
      "http://localhost:3000/api/v1/calls?limit=20&cursor=abc",
      "https://glyphic.example/api/v1/calls/c1#top",
      "https://glyphic.example/api/v1/calls/c1?x=/a#b?c",
      "http://127.0.0.1:3100/",
      "http://127.0.0.1:3100",
      "http://localhost/api/v1/../v1/me?x=1",
      "http://localhost/api/v1/ca%20lls?key=glyk_secret",
      "http://[::1]:3000/api/v1/me?x",
      "http://localhost?only=query",
    ];
    for (const url of urls) {
      const parsed = new Request(url).url; // as the server hands it to a route
      expect(urlPath(parsed), url).toBe(new URL(parsed).pathname);
      expect(urlPath(parsed)).not.toContain("?");
    }
  });
});

describe("hasMalformedEscape", () => {
  it("finds escapes that are not UTF-8 (Next's routing throws on them), and only those", () => {
    for (const path of [
      "/api/v1/calls/%FF",
      "/api/v1/calls/%C0%80",
      "/api/v1/%E2%82",
      "/settings/api/keys/%G1%",
      "/a/%",
    ]) {
      expect(hasMalformedEscape(path), path).toBe(true);
    }
    for (const path of [
      "/api/v1/calls/cm1",
      "/api/v1/calls/%00",
      "/api/v1/calls/%C3%A9",
      "/a%20b",
      "/%E2%82%AC",
      "/",
    ]) {
      expect(hasMalformedEscape(path), path).toBe(false);
    }
  });
});

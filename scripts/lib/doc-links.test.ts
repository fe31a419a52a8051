import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { brokenLinks, documentationFiles, headingSlug } from "./doc-links";

const repository = path.resolve(import.meta.dirname, "../..");

describe("links in the README and docs/", () => {
  it("all resolve, fragments included", () => {
    expect(documentationFiles(repository)).toContain("docs/architecture.md");
    expect(brokenLinks(repository)).toEqual([]);
  });
});

describe("brokenLinks", () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("reports a missing file and a missing heading, not a good link, a URL or code", () => {
    root = mkdtempSync(path.join(tmpdir(), "doc-links-"));
    mkdirSync(path.join(root, "docs"));
    writeFileSync(path.join(root, "docs", "a.md"), "# A\n\n## The client address (`TRUSTED_PROXY_HOPS`)\n");
    writeFileSync(
      path.join(root, "README.md"),
      [
        "[ok](docs/a.md#the-client-address-trusted_proxy_hops) [web](https://example.com/x)",
        "[gone](docs/b.md) and [`code`](docs/a.md#nowhere)",
        "```",
        "[in a fence](docs/c.md)",
        "```",
      ].join("\n"),
    );
    expect(brokenLinks(root)).toEqual(["README.md:2: docs/b.md", "README.md:2: docs/a.md#nowhere"]);
  });

  it("slugs headings as GitHub does", () => {
    expect(headingSlug("Managing keys (Settings → API)")).toBe("managing-keys-settings--api");
    expect(headingSlug("Known key hashes at 1,000,000 keys (`npm run bench:known-hashes`)")).toBe(
      "known-key-hashes-at-1000000-keys-npm-run-benchknown-hashes",
    );
  });
});

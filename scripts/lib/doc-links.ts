// Relative links in the README and docs/ must resolve: the file (or folder) exists and, with a
// #fragment, the target has a heading of that slug (GitHub's rule). Checked by doc-links.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function prose(text: string): { line: string; number: number }[] {
  let fenced = false;
  const lines: { line: string; number: number }[] = [];
  text.split("\n").forEach((line, index) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (!fenced) lines.push({ line, number: index + 1 });
  });
  return lines;
}

function anchors(file: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  for (const { line } of prose(readFileSync(file, "utf8"))) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const slug = headingSlug(heading[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    found.add(count ? `${slug}-${count}` : slug);
  }
  return found;
}

/** README.md and every .md under docs/, relative to root. */
export function documentationFiles(root: string): string[] {
  const files = existsSync(path.join(root, "README.md")) ? ["README.md"] : [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(root, dir)).sort()) {
      const relative = path.join(dir, name);
      if (statSync(path.join(root, relative)).isDirectory()) walk(relative);
      else if (name.endsWith(".md")) files.push(relative);
    }
  };
  if (existsSync(path.join(root, "docs"))) walk("docs");
  return files;
}

/** "file:line: link" for every relative link that does not resolve. */
export function brokenLinks(root: string, files: string[] = documentationFiles(root)): string[] {
  const broken: string[] = [];
  for (const file of files) {
    for (const { line, number } of prose(readFileSync(path.join(root, file), "utf8"))) {
      // Inline code is not a link, unless it is a link's text: [`x`](y).
      const text = line.replace(/`[^`]*`(?!\]\()/g, "");
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1];
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
        const [pathPart, fragment] = target.split("#");
        const resolved = pathPart ? path.resolve(root, path.dirname(file), pathPart) : path.join(root, file);
        const ok =
          existsSync(resolved) &&
          (fragment === undefined || (statSync(resolved).isFile() && anchors(resolved).has(fragment)));
        if (!ok) broken.push(`${file}:${number}: ${target}`);
      }
    }
  }
  return broken;
}

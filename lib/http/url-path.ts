/**
 * The path of a request's URL, without its query or fragment: what `new URL(url).pathname`
 * gives, for a URL that Request has already parsed and serialized (so it is absolute and
 * normalized). Every keyed request records its path; parsing the whole URL again for that cost
 * it measurably more (npm run bench:handler; see docs/benchmarks/), this costs a few string searches.
 */
export function urlPath(url: string): string {
  const scheme = url.indexOf("://");
  const start = url.indexOf("/", scheme < 0 ? 0 : scheme + 3);
  if (start < 0) return "/";
  let end = url.length;
  for (const mark of ["?", "#"]) {
    const at = url.indexOf(mark, start);
    if (at >= 0 && at < end) end = at;
  }
  return url.slice(start, end);
}

/**
 * Whether a path's percent-escapes decode (as UTF-8) — what Next does to a dynamic segment
 * before routing. `%FF`, an overlong `%C0%80`, a cut `%E2%82` or a bare `%G1` made it throw, and
 * Next answered those paths with a bare 500 before any route ran (proxy.ts refuses them first).
 */
export function hasMalformedEscape(pathname: string): boolean {
  if (!pathname.includes("%")) return false;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

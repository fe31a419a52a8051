import { can } from "../auth/permissions";
import type { Viewer } from "../auth/viewer";
import { componentLogger } from "../log";
import { API_SETTINGS_PATH, loginPath } from "../routes";
import { isOrganizationKey } from "./activity";
import { activityCsvFilename, activityCsvStream } from "./activity-csv";

/**
 * GET /settings/api/activity.csv: the "Export CSV" download. The viewer comes from the session
 * and the membership read on this request; the organization is the viewer's, never the URL's.
 * Signed out (or no longer a member) → to sign-in and back to Settings → API, as the page does
 * (the proxy already sends a request without a session there); a member → 403; an id in `key`
 * that is not one of the organization's keys → 404. Never a row in any of these answers.
 */
const log = () => componentLogger("activity");

function text(status: number, body: string): Response {
  return new Response(`${body}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function activityCsvResponse(
  viewer: Viewer | null,
  searchParams: URLSearchParams,
  now = new Date(),
): Promise<Response> {
  if (!viewer) {
    // Relative, so it holds behind any host or proxy.
    return new Response(null, {
      status: 303,
      headers: { Location: loginPath(API_SETTINGS_PATH), "Cache-Control": "no-store" },
    });
  }
  const who = { organizationId: viewer.organization.id, userId: viewer.userId };
  if (!can(viewer.role, "api_keys:manage")) {
    log().warn(who, "activity export refused: not an admin");
    return text(403, "You don't have permission to export activity. Ask an admin of your organization for help.");
  }
  const keyId = searchParams.get("key")?.trim() || undefined;
  // isOrganizationKey refuses what is not shaped like a record id (a NUL, 5,000 characters) unread.
  if (keyId !== undefined && !(await isOrganizationKey(viewer.organization.id, keyId))) {
    return text(404, "No API key of your organization has this id. Export all activity from Settings → API.");
  }
  const started = performance.now();
  const body = activityCsvStream(
    viewer.organization.id,
    { keyId },
    {
      onEnd: ({ rows, error, cancelled }) => {
        const line = { ...who, keyId: keyId ?? null, rows, durationMs: Math.round(performance.now() - started) };
        if (error) log().error({ ...line, err: error }, "activity export failed");
        else log().info({ ...line, cancelled: cancelled ?? false }, "activity exported");
      },
    },
  );
  const filename = activityCsvFilename(viewer.organization.slug, now);
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

import { apiRoute } from "@/lib/api/api-route";
import { apiJson } from "@/lib/api/respond";
import { readiness } from "@/lib/health/checks";

// Readiness: the database and the rate-limit store, each bounded by ~1 s; 503 names what failed.
export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  const result = await readiness();
  return apiJson(result, result.status === "ok" ? 200 : 503);
});

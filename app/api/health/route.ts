import { apiRoute } from "@/lib/api/api-route";
import { apiJson } from "@/lib/api/respond";
import { liveness } from "@/lib/health/checks";

// Liveness: no dependency is touched (docs/operations.md, "Health checks"). Outside /api/v1: no API key.
export const dynamic = "force-dynamic";

export const GET = apiRoute(() => apiJson(liveness()));

// Liveness probe for load balancers and the benchmark's baseline: no auth, no database.
import { apiRoute } from "@/lib/api/api-route";
export const dynamic = "force-dynamic";

export const GET = apiRoute(() => Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } }));

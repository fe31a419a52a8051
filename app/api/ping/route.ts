// Liveness probe for load balancers and the benchmark's baseline: no auth, no database.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}

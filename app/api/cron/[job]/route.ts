import { apiRoute } from "@/lib/api/api-route";
import { cronResponse } from "@/lib/jobs/cron";

// Scheduled jobs (vercel.json's crons, or any scheduler that sends the CRON_SECRET bearer).
export const dynamic = "force-dynamic";
// Vercel's limit for one invocation; maintenance (and retention) stop starting work after 240 s.
export const maxDuration = 300;

export const GET = apiRoute(async (request, { params }: { params: Promise<{ job: string }> }) =>
  cronResponse(request.headers.get("authorization"), (await params).job),
);

import { cronResponse } from "@/lib/jobs/cron";

// Scheduled jobs (vercel.json's crons, or any scheduler that sends the CRON_SECRET bearer).
export const dynamic = "force-dynamic";
// Vercel's limit for one invocation; the retention job stops starting batches well before it.
export const maxDuration = 300;

export async function GET(request: Request, { params }: { params: Promise<{ job: string }> }) {
  return cronResponse(request.headers.get("authorization"), (await params).job);
}

import type { NextRequest } from "next/server";
import { activityCsvResponse } from "@/lib/audit/activity-export";
import { currentViewer } from "@/lib/auth/session";

// Settings → API's "Export CSV": who may download what is decided in lib/audit/activity-export.
export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  return activityCsvResponse(await currentViewer(), request.nextUrl.searchParams);
}

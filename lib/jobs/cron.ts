import { apiErrorResponse, apiJson } from "../api/respond";
import { isDatabaseUnavailable } from "../db/unavailable";
import { env } from "../env";
import { componentLogger } from "../log";
import { authorizeCron } from "./cron-auth";
import { isJobName, JOB_NAMES, runJob } from "./registry";

const log = componentLogger("job");

/**
 * GET /api/cron/<job>: the secret first (so nobody learns which jobs exist without it), then the
 * job. Errors use the API's envelope; `unauthorized` is this route's own code, not the public
 * API's (its callers are schedulers, not API-key holders).
 */
export async function cronResponse(authorization: string | null, job: string): Promise<Response> {
  const auth = authorizeCron(authorization, env().CRON_SECRET);
  if (auth === "not_configured") {
    return apiErrorResponse(
      "service_unavailable",
      "Scheduled jobs are disabled: CRON_SECRET is not set on this deployment. Set it (and the same value in the scheduler), or run jobs with `npm run job -- <name>`.",
    );
  }
  if (auth === "unauthorized") {
    return apiJson(
      {
        error: {
          code: "unauthorized",
          message: "Send the deployment's CRON_SECRET as `Authorization: Bearer <secret>`.",
        },
      },
      401,
      { "WWW-Authenticate": "Bearer" },
    );
  }
  if (!isJobName(job)) {
    return apiErrorResponse("not_found", `No job named "${job.slice(0, 100)}". Jobs: ${JOB_NAMES.join(", ")}.`);
  }
  try {
    const result = await runJob(job);
    // maintenance: a job failed (the others ran); the scheduler's log should show it.
    return apiJson(result, "failedJobs" in result ? 500 : 200);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      log.warn({ job }, "database unreachable; the next scheduled run will retry");
      return apiErrorResponse("service_unavailable", "The database is unreachable. The next run will retry.");
    }
    log.error({ job, err: error }, "job failed");
    return apiErrorResponse("internal_error", `The job ${job} failed; the server log says why.`);
  }
}

// Self-hosted scheduling: `npm run job -- maintenance` runs the same code as
// GET /api/cron/maintenance (docs/operations.md, "Scheduled jobs"). Prints the job's summary as JSON; exit 0
// also when it was skipped because another run holds the lease (that run does the work), 1 when
// a job of maintenance failed.
import { closeDatabase } from "../lib/db/client";
import { isJobName, JOB_NAMES, runJob } from "../lib/jobs/registry";

const USAGE = `Usage: npm run job -- <name>\nJobs: ${JOB_NAMES.join(", ")}`;

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || rest.length > 0 || name === "--help" || name === "-h") {
    console.error(USAGE);
    return name === "--help" || name === "-h" ? 0 : 2;
  }
  if (!isJobName(name)) {
    console.error(`No job named "${name}".\n${USAGE}`);
    return 2;
  }
  const result = await runJob(name);
  console.log(JSON.stringify(result));
  return "failedJobs" in result ? 1 : 0;
}

main()
  .then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  )
  .finally(() => closeDatabase());

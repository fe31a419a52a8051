// Runs once when a server instance starts, before it serves requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  try {
    env();
  } catch (error) {
    // Next logs a failed hook and serves anyway: a wrong configuration must stop the server,
    // with the message that names the variable and no stack trace.
    console.error(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
  const { prepareDatabase } = await import("./lib/db/bootstrap");
  await prepareDatabase();
}

// Runs once when a server instance starts, before it serves requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  env(); // a wrong configuration stops start-up here, with a message naming the variable
  const { prepareDatabase } = await import("./lib/db/bootstrap");
  await prepareDatabase();
}

// Runs once when a server instance starts, before it serves requests. The Node-only work is in
// its own module, so the edge build of this file never sees it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./instrumentation-node");
  await startServer();
}

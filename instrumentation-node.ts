// Server start on the Node runtime (instrumentation.ts loads it): configuration, database, demo data.
export async function startServer(): Promise<void> {
  const [{ env }, { componentLogger }] = await Promise.all([import("./lib/env"), import("./lib/log")]);
  const log = componentLogger("server");
  try {
    env();
  } catch (error) {
    // Next logs a failed hook and serves anyway: a wrong configuration must stop the server,
    // with the message that names the variable and no stack trace.
    log.fatal((error as Error).message);
    process.exit(1);
  }
  if (env().TRUSTED_PROXY_HOPS === 0) {
    // No proxy in front: the client address is the connection's, stamped on every request by
    // this process before Next reads it (lib/http/connection-address.ts). Installed first, so few
    // requests can arrive before it (those read as "unknown").
    const { installConnectionAddressStamp } = await import("./lib/http/connection-address");
    installConnectionAddressStamp();
    log.info("TRUSTED_PROXY_HOPS=0: client addresses are taken from the connection, X-Forwarded-For is ignored");
  }
  const [{ installShutdownFlush }, { flushRequestsAtShutdown }] = await Promise.all([
    import("./lib/shutdown"),
    import("./lib/requests/recorder"),
  ]);
  installShutdownFlush(flushRequestsAtShutdown);
  // Production without SMTP_URL still serves, but nobody hears of leaked or expiring keys.
  const { warnIfMailIsOff } = await import("./lib/email/mailer");
  warnIfMailIsOff(env());
  const { prepareDatabase } = await import("./lib/db/bootstrap");
  if ((await prepareDatabase()).newEmbeddedDatabase) {
    // Demo data lives with the scripts (it is no part of the product); a new embedded database
    // gets it so that `npm run dev` has something to show.
    const [{ seedDemoData }, { database }] = await Promise.all([
      import("./scripts/demo-data"),
      import("./lib/db/client"),
    ]);
    await seedDemoData(database().client);
    log.info("embedded database seeded with demo data (logins in README)");
  }
}

// Runs scripts/upstash-bridge.ts as a child process (the Upstash REST protocol over local Redis).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { bin } from "./server.mjs";

/** Resolves with the child and the UPSTASH_* values once the bridge listens. */
export async function startUpstashBridgeProcess(logFile) {
  const token = randomBytes(24).toString("base64url");
  const log = createWriteStream(logFile);
  const bridge = spawn(bin("tsx"), [path.join("scripts", "upstash-bridge.ts")], {
    env: { ...process.env, UPSTASH_BRIDGE_PORT: "0", UPSTASH_BRIDGE_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Both streams into one file: neither may end it while the other can still write.
  bridge.stdout.pipe(log, { end: false });
  bridge.stderr.pipe(log, { end: false });
  bridge.once("close", () => log.end());
  const url = await new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      bridge.kill("SIGKILL");
      reject(new Error("the Upstash bridge did not start within 30 s"));
    }, 30_000);
    bridge.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /^UPSTASH_REDIS_REST_URL=(\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    bridge.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the Upstash bridge exited with code ${code} (is Redis running? see ${logFile})`));
    });
  });
  return { bridge, env: { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } };
}

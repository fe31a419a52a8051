// `npm run bench:log`: what one request log line costs the server's CPU, at a server's pace (a
// line every millisecond, not a tight loop, which flatters asynchronous writes: there they pile
// up and go out together). In one process, phase after phase, five times each: no line; pino
// to a sink that discards (serializing only); pino written synchronously (what lib/log.ts does);
// asynchronously; buffered (4 KB, flushed every 250 ms). Prints CPU µs per tick, median.
import { mkdirSync } from "node:fs";
import path from "node:path";
import pino from "pino";

const DIR = path.join("bench-results", "log-pace");
mkdirSync(DIR, { recursive: true });
const TICKS = 2_000;
const REPEATS = 5;
const options = { base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
const toFile = (name, destination) =>
  pino(options, pino.destination({ dest: path.join(DIR, `${name}.log`), append: false, ...destination })).child({
    component: "api",
  });
const loggers = {
  "no line": null,
  "pino, discarded": pino(options, { write() {} }).child({ component: "api" }),
  "pino, synchronous": toFile("sync", { sync: true }),
  "pino, asynchronous": toFile("async", { sync: false }),
  "pino, buffered": toFile("buffered", { sync: false, minLength: 4096, periodicFlush: 250 }),
};
// The fields of an API request's line (lib/api/with-api-key.ts).
const line = () => ({
  requestId: crypto.randomUUID(),
  method: "GET",
  route: "/api/v1/me",
  status: 200,
  durationMs: 1.2,
  keyId: "cmx6i3vgd003k067djn9bxfb7",
  organizationId: "cmx6i3ux1002m067di2zzabue",
  clientAddress: "198.18.112.24",
  rateLimit: "allowed",
});

function phase(log) {
  return new Promise((resolve) => {
    let ticks = 0;
    const started = process.cpuUsage();
    const tick = () => {
      const fields = line();
      log?.info(fields, "api request");
      if (++ticks < TICKS) return setTimeout(tick, 1);
      // A moment for the last asynchronous write to be done and counted.
      setTimeout(() => {
        const used = process.cpuUsage(started);
        resolve((used.user + used.system) / TICKS);
      }, 30);
    };
    tick();
  });
}

const results = new Map(Object.keys(loggers).map((name) => [name, []]));
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const [name, log] of Object.entries(loggers)) results.get(name).push(await phase(log));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const none = median(results.get("no line"));
console.log(`CPU per tick (µs), median of ${REPEATS} phases of ${TICKS} ticks a millisecond apart:`);
for (const [name, values] of results) {
  const figure = median(values);
  const added = name === "no line" ? "" : `  → the line adds ${(figure - none).toFixed(0)} µs`;
  console.log(
    `  ${name.padEnd(20)} ${figure.toFixed(1).padStart(6)}${added}   (${values.map((each) => each.toFixed(0)).join(", ")})`,
  );
}

// An Upstash-REST-compatible HTTP server over a local Redis, so the app's real Upstash code
// path (@upstash/redis + @upstash/ratelimit) runs in development and tests without Upstash.
//
//   npm run upstash:local        (env: UPSTASH_BRIDGE_PORT, UPSTASH_BRIDGE_TOKEN, REDIS_URL)
//
// or `startUpstashBridge({ token })` from a test. Protocol, as the @upstash/redis client uses it:
// - POST /            one command as a JSON array, e.g. ["SET","k","v"] → {"result": …}
// - POST /pipeline    [[…],[…]] → [{"result": …} | {"error": "…"}, …] (commands run in order)
// - POST /multi-exec  same, inside MULTI/EXEC
// - `Authorization: Bearer <token>`; `Upstash-Encoding: base64` → every string in a result is
//   base64-encoded (the client's default, and what it decodes); errors stay plain text.
// - POST /_bridge/commands (not Upstash's: the bench's) → {"commands": n, "byCommand": {…}}, the
//   Redis commands received so far: Upstash bills per command, whatever the HTTP requests.
//
// Redis 7.0 rejects the `allow-key-locking` shebang flag of @upstash/ratelimit's Lua scripts,
// so scripts are rewritten without it, and EVALSHA of an original script's hash is mapped to the
// rewritten script's hash (the client only knows the original's).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import Redis from "ioredis";

export interface UpstashBridgeOptions {
  token: string;
  /** Default redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** Default 0: any free port. */
  port?: number;
  host?: string;
  /** Tests: called for every authorized HTTP request, with its path and commands. */
  onRequest?: (request: { path: string; commands: string[][] }) => void;
}

export interface UpstashBridge {
  /** The value for UPSTASH_REDIS_REST_URL. */
  url: string;
  token: string;
  redisUrl: string;
  close(): Promise<void>;
}

type Argument = string | number | boolean | null;
type Command = Argument[];
type Reply = { result: unknown } | { error: string };

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const UNSUPPORTED_FLAGS = new Set(["allow-key-locking"]);

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The script without shebang flags this Redis does not know; unchanged when there are none. */
export function rewriteScript(script: string): string {
  const shebang = /^#!lua([^\n]*)/.exec(script);
  if (!shebang) return script;
  const options = shebang[1]
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((option) => {
      if (!option.startsWith("flags=")) return option;
      const kept = option
        .slice("flags=".length)
        .split(",")
        .filter((flag) => flag && !UNSUPPORTED_FLAGS.has(flag));
      return kept.length > 0 ? `flags=${kept.join(",")}` : "";
    })
    .filter(Boolean);
  return `#!lua${options.length > 0 ? ` ${options.join(" ")}` : ""}${script.slice(shebang[0].length)}`;
}

class ScriptRewriter {
  /** sha1 of an original script → sha1 of the script Redis actually has. */
  private readonly shas = new Map<string, string>();

  /** Rewrites EVAL, EVALSHA and SCRIPT LOAD/EXISTS; returns how to present the reply. */
  command(command: string[]): { command: string[]; reply?: (result: unknown) => unknown } {
    const [name, ...args] = command;
    const upper = name.toUpperCase();
    if ((upper === "EVAL" || upper === "EVAL_RO") && args.length > 0) {
      return { command: [name, this.register(args[0]), ...args.slice(1)] };
    }
    if ((upper === "EVALSHA" || upper === "EVALSHA_RO") && args.length > 0) {
      const sha = args[0].toLowerCase();
      return { command: [name, this.shas.get(sha) ?? sha, ...args.slice(1)] };
    }
    if (upper === "SCRIPT" && args[0]?.toUpperCase() === "LOAD" && args.length === 2) {
      const original = args[1];
      // The client expects the hash of the script it sent.
      return { command: [name, args[0], this.register(original)], reply: () => Buffer.from(sha1(original)) };
    }
    if (upper === "SCRIPT" && args[0]?.toUpperCase() === "EXISTS") {
      return {
        command: [name, args[0], ...args.slice(1).map((sha) => this.shas.get(sha.toLowerCase()) ?? sha)],
      };
    }
    return { command };
  }

  private register(original: string): string {
    const rewritten = rewriteScript(original);
    if (rewritten !== original) this.shas.set(sha1(original), sha1(rewritten));
    return rewritten;
  }
}

function encodeReply(value: unknown, base64: boolean): unknown {
  if (Buffer.isBuffer(value)) return base64 ? value.toString("base64") : value.toString("utf8");
  if (typeof value === "string") return base64 ? Buffer.from(value).toString("base64") : value;
  if (Array.isArray(value)) return value.map((item) => encodeReply(item, base64));
  // ioredis turns HGETALL's reply into an object inside MULTI; Upstash sends Redis's flat array.
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([field, item]) => [encodeReply(field, base64), encodeReply(item, base64)]);
  }
  return value ?? null;
}

function isCommand(value: unknown): value is Command {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    typeof value[0] === "string" &&
    value.every((item) => item === null || ["string", "number", "boolean"].includes(typeof item))
  );
}

function toStrings(command: Command): string[] {
  return command.map((item) => (item === null ? "" : String(item)));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

function authorized(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? "";
  const presented = Buffer.from(header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "");
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export async function startUpstashBridge(options: UpstashBridgeOptions): Promise<UpstashBridge> {
  if (!options.token) throw new Error("startUpstashBridge: a token is required");
  const redisUrl = options.redisUrl ?? "redis://127.0.0.1:6379";
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on("error", () => {}); // surfaced per command as {"error": …}; connect failures below
  await redis.connect(); // fails fast when Redis is not running
  const scripts = new ScriptRewriter();
  const received = { commands: 0, byCommand: {} as Record<string, number> };

  async function runOne(raw: Command): Promise<Reply> {
    const { command, reply } = scripts.command(toStrings(raw));
    try {
      const result = await redis.callBuffer(command[0], ...command.slice(1));
      return { result: reply ? reply(result) : result };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  async function runPipeline(commands: Command[], transaction: boolean): Promise<Reply[]> {
    const rewritten = commands.map((raw) => scripts.command(toStrings(raw)));
    const batch = transaction ? redis.multi() : redis.pipeline();
    for (const { command } of rewritten) batch.callBuffer(command[0], ...command.slice(1));
    const results = (await batch.exec()) ?? [];
    return results.map(([error, result], index) => {
      if (error) return { error: error.message };
      const present = rewritten[index].reply;
      return { result: present ? present(result) : result };
    });
  }

  const server = createServer(async (request, response) => {
    try {
      if (request.method !== "POST") return send(response, 405, { error: "Only POST is supported" });
      if (!authorized(request, options.token)) return send(response, 401, { error: "Unauthorized" });
      const base64 = request.headers["upstash-encoding"]?.toString().toLowerCase() === "base64";
      const body: unknown = JSON.parse((await readBody(request)) || "null");
      const path = (request.url ?? "/").split("?")[0].replace(/\/+$/, "") || "/";
      if (path === "/_bridge/commands") return send(response, 200, received);
      const commands = isCommand(body) ? [body] : Array.isArray(body) ? body.filter(isCommand) : [];
      received.commands += commands.length;
      for (const command of commands) {
        const name = String(command[0]).toLowerCase();
        received.byCommand[name] = (received.byCommand[name] ?? 0) + 1;
      }
      options.onRequest?.({ path, commands: commands.map(toStrings) });
      if (path === "/") {
        if (!isCommand(body)) return send(response, 400, { error: "ERR the body must be one command as a JSON array" });
        const reply = await runOne(body);
        if ("error" in reply) return send(response, 400, reply);
        return send(response, 200, { result: encodeReply(reply.result, base64) });
      }
      if (path === "/pipeline" || path === "/multi-exec") {
        if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) {
          return send(response, 400, { error: "ERR the body must be a non-empty JSON array of commands" });
        }
        const replies = await runPipeline(body, path === "/multi-exec");
        return send(
          response,
          200,
          replies.map((reply) => ("error" in reply ? reply : { result: encodeReply(reply.result, base64) })),
        );
      }
      return send(response, 404, { error: `Unknown path ${path}` });
    } catch (error) {
      // EXECABORT, malformed JSON, or Redis gone: the client reports it as an error.
      send(response, 400, { error: `ERR ${(error as Error).message}` });
    }
  });
  // Connections are kept alive as Upstash keeps them (close() ends them all at once). A short
  // keep-alive timeout would not: undici's fetch stops reusing a connection whose announced
  // timeout is 1 s or less, so every command would open a new TCP connection (counted: see
  // docs/benchmarks/) — a cost real Upstash does not have.
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    token: options.token,
    redisUrl,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

async function main() {
  const bridge = await startUpstashBridge({
    token: process.env.UPSTASH_BRIDGE_TOKEN || randomBytes(24).toString("base64url"),
    redisUrl: process.env.REDIS_URL || undefined,
    port: Number(process.env.UPSTASH_BRIDGE_PORT ?? 8079),
    host: process.env.UPSTASH_BRIDGE_HOST || "127.0.0.1",
  });
  console.log(`Upstash REST bridge on ${bridge.url} → ${bridge.redisUrl}. Use:`);
  console.log(`UPSTASH_REDIS_REST_URL=${bridge.url}`);
  console.log(`UPSTASH_REDIS_REST_TOKEN=${bridge.token}`);
  const stop = () => bridge.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`upstash bridge failed to start: ${(error as Error).message}`);
    process.exit(1);
  });
}

import http from "node:http";
import https from "node:https";
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";

/**
 * The HTTP side of the Upstash client, replacing @upstash/redis's fetch-based one, for two
 * measured reasons (scripts/bench.ts --profile; figures in docs/benchmarks/):
 *
 * 1. Node 20's fetch (undici's WHATWG layer: Request, Headers, streams, AbortSignal) cost several
 *    times the CPU of node:http per round trip — more than the whole unauthenticated baseline
 *    route. node:http(s) with a keep-alive agent does the same request.
 * 2. Pipelines issued in the same event-loop turn are sent as one HTTP request. The client's
 *    auto-pipelining already merges the commands of one API request (both limits and the key
 *    version); under concurrent load this also merges those of all the API requests that reached
 *    their rate-limit check in the same turn, so the round trip is paid once for all of them.
 *    Each command still gets its own result (Upstash answers a pipeline command by command).
 *    MULTI/EXEC transactions are never merged.
 *
 * Responses are plain JSON (no `Upstash-Encoding: base64`): everything this app stores in
 * Redis is ASCII (counters, script results, key versions). The read-your-writes sync token is
 * kept and sent as @upstash/redis's own client does.
 */
const MAX_COMMANDS_PER_REQUEST = 256;

type Command = unknown[];
type PipelineReply = { result?: unknown; error?: string }[];

interface QueuedPipeline {
  commands: Command[];
  resolve(replies: PipelineReply): void;
  reject(error: Error): void;
}

export interface UpstashTransportOptions {
  url: string;
  token: string;
  /** Every HTTP request is abandoned after this long (the caller then fails open). */
  timeoutMs: number;
  /** Extra trusted certificate authorities for https:// (tests: a self-signed stand-in). */
  ca?: string | Buffer;
}

export function createUpstashTransport({ url, token, timeoutMs, ca }: UpstashTransportOptions): Requester {
  const base = new URL(url);
  const transport = base.protocol === "https:" ? https : http;
  const agent =
    transport === https
      ? new https.Agent({ keepAlive: true, maxSockets: 64, ...(ca ? { ca } : {}) })
      : new http.Agent({ keepAlive: true, maxSockets: 64 });
  const basePath = base.pathname.replace(/\/+$/, "");
  const requester: Requester = { readYourWrites: true, upstashSyncToken: "", request };
  let queue: QueuedPipeline[] = [];
  let scheduled = false;

  function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = transport.request(
        {
          agent,
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port || undefined,
          method: "POST",
          path: `${basePath}/${path}`,
          headers: {
            ...headers,
            Authorization: `Bearer ${token}`,
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(payload),
            ...(requester.upstashSyncToken ? { "upstash-sync-token": requester.upstashSyncToken } : {}),
          },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            text += chunk;
          });
          response.on("error", reject);
          response.on("end", () => {
            const syncToken = response.headers["upstash-sync-token"];
            if (typeof syncToken === "string") requester.upstashSyncToken = syncToken;
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              reject(new Error(`Upstash answered ${response.statusCode} with a body that is not JSON`));
              return;
            }
            const status = response.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              // Like @upstash/redis, the server's message; never the command (it names keys).
              reject(new Error(String((parsed as { error?: unknown }).error ?? `HTTP ${status}`)));
              return;
            }
            resolve(parsed);
          });
        },
      );
      // A hung server must not hold the caller: the socket is destroyed after the timeout.
      const timer = setTimeout(
        () => outgoing.destroy(new Error(`no answer from Upstash within ${timeoutMs} ms`)),
        timeoutMs,
      );
      outgoing.on("close", () => clearTimeout(timer));
      outgoing.on("error", reject);
      outgoing.end(payload);
    });
  }

  /** Sends every pipeline queued in this turn, at most MAX_COMMANDS_PER_REQUEST commands per request. */
  function flush() {
    scheduled = false;
    const pending = queue;
    queue = [];
    while (pending.length > 0) {
      const batch: QueuedPipeline[] = [];
      let size = 0;
      while (
        pending.length > 0 &&
        (batch.length === 0 || size + pending[0].commands.length <= MAX_COMMANDS_PER_REQUEST)
      ) {
        const next = pending.shift() as QueuedPipeline;
        size += next.commands.length;
        batch.push(next);
      }
      post(
        "pipeline",
        batch.flatMap((pipeline) => pipeline.commands),
      ).then(
        (replies) => {
          if (!Array.isArray(replies) || replies.length !== size) {
            const error = new Error("Upstash answered a pipeline with the wrong number of results");
            for (const pipeline of batch) pipeline.reject(error);
            return;
          }
          let offset = 0;
          for (const pipeline of batch) {
            pipeline.resolve(replies.slice(offset, offset + pipeline.commands.length) as PipelineReply);
            offset += pipeline.commands.length;
          }
        },
        (error: Error) => {
          for (const pipeline of batch) pipeline.reject(error);
        },
      );
    }
  }

  function request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    const path = (req.path ?? []).join("/");
    if (path === "pipeline" && Array.isArray(req.body) && req.body.length > 0) {
      return new Promise((resolve, reject) => {
        queue.push({
          commands: req.body as Command[],
          // The client reads a pipeline's answer as the array itself.
          resolve: (replies) => resolve(replies as unknown as UpstashResponse<TResult>),
          reject,
        });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    }
    return post(path, req.body, req.headers) as Promise<UpstashResponse<TResult>>;
  }

  return requester;
}

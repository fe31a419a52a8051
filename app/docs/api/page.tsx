import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { Code, CodeBlock, DataTable, Endpoint, ParameterTable, Section } from "@/components/docs/doc-blocks";
import { OperationsTable, PermissionsTables } from "@/components/docs/operations";
import { WebhooksSection } from "@/components/docs/webhooks-section";
import { TopBar } from "@/components/shell/top-bar";
import { documentTables, exampleCall, exampleCursor, examples } from "@/lib/api/docs-content";
import { WEBHOOK_RECEIVER_EXAMPLE, webhookDocs } from "@/lib/api/docs-webhooks";
import { UNKNOWN_KEYS_RULE } from "@/lib/api/failure-budget";
import { ERROR_TABLE, RATE_LIMIT_HEADERS } from "@/lib/api/openapi";
import { keyRateLimitRule } from "@/lib/api/rate-limits";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "API documentation" };

/**
 * The origin the examples call: the configured public URL (lib/env.ts) when there is one, so the
 * page never repeats a Host or X-Forwarded-Host header a client made up; else, in development,
 * what the browser asked for.
 */
async function baseUrl(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "glyphic.example.com";
  const protocol = requestHeaders.get("x-forwarded-proto") ?? (host.startsWith("127.0.0.1") ? "http" : "https");
  return `${protocol}://${host}`;
}

/** Quoted URLs: an unquoted `&` would send the shell's command to the background. */
function sinceYesterday(origin: string, cursor: string): string {
  const list = `${origin}/api/v1/calls?limit=100`;
  return [
    `SINCE=$(date -u -d yesterday +%Y-%m-%dT%H:%M:%SZ)   # macOS: date -u -v-1d +%Y-%m-%dT%H:%M:%SZ`,
    `curl -H "X-API-Key: $GLYPHIC_API_KEY" "${list}&startedAfter=$SINCE"`,
    "",
    "# next page: the same startedAfter, plus the nextCursor of the page before",
    `curl -H "X-API-Key: $GLYPHIC_API_KEY" "${list}&startedAfter=$SINCE&cursor=${cursor}"`,
  ].join("\n");
}

export default async function ApiDocsPage() {
  const origin = await baseUrl();
  const limit = keyRateLimitRule();
  const { operations, listParameters, callFields } = documentTables();
  const permissionOf = (method: string, path: string) =>
    operations.find((operation) => operation.method === method && operation.path === path)?.permission ?? null;
  const curl = (path: string) => `curl -H "X-API-Key: $GLYPHIC_API_KEY" ${origin}/api/v1${path}`;

  return (
    <div className="min-h-screen">
      <TopBar
        width="max-w-4xl"
        title="Glyphic API"
        end={
          <nav aria-label="Documentation" className="flex items-center gap-4 text-sm">
            <a href="/api/v1/openapi.json" className="text-slate-600 hover:text-brand-700">
              OpenAPI JSON
            </a>
            <Link href="/settings/api" className="font-medium text-brand-700 hover:underline">
              Settings → API
            </Link>
          </nav>
        }
      />

      <main className="mx-auto max-w-4xl space-y-12 px-4 py-10 sm:px-6">
        <section aria-labelledby="intro" className="space-y-4">
          <h1 id="intro" className="text-3xl font-semibold tracking-tight">
            API documentation
          </h1>
          <p className="text-slate-700">
            Read your organization&apos;s calls from your own systems — a data-warehouse export, a Zapier zap, a script
            — and manage its API keys and read their audit log from CI or an incident script. JSON over HTTPS; every
            answer is about the organization that owns the key, and each key may do only what its permissions allow.
            Signed{" "}
            <a href="#webhooks" className="text-brand-700 underline">
              webhooks
            </a>{" "}
            tell your systems when a key changes.
          </p>
        </section>

        <Section id="authentication" title="Authentication">
          <p>
            Send an API key in the <Code>X-API-Key</Code> header of every request. Admins create and revoke keys in{" "}
            <Link href="/settings/api" className="text-brand-700 underline">
              Settings → API
            </Link>
            ; the full key is shown only once, when it is created. Keys start with <Code>glyk_</Code> so secret scanners
            can spot a leaked one.
          </p>
          <CodeBlock label="Check your key">{`export GLYPHIC_API_KEY="glyk_…"   # from Settings → API\n${curl("/me")}`}</CodeBlock>
          <p>
            Treat keys like passwords: keep them in a secret manager, never in source control, chat or a URL. A revoked
            key stops working on its very next request.
          </p>
          <p>
            A key can also expire: admins may choose an expiry when they create it or later, and a key that was{" "}
            <em>rolled</em> (replaced by a new key) keeps working until the end of the grace period chosen for the roll.
            After that, requests get <Code>401 invalid_api_key</Code> with a message that says when the key expired —
            switch to the new key, or create one in Settings → API.
          </p>
          <CodeBlock label="An expired key">{JSON.stringify(examples.expired, null, 2)}</CodeBlock>
          <p>
            An admin may also limit a key to <em>Allowed addresses</em> (IPv4 or IPv6 addresses and CIDR ranges, on the
            key&apos;s page in Settings → API). A request with that key from any other address gets{" "}
            <Code>403 address_not_allowed</Code>, whose message names the address the server saw. The change applies
            from the very next request.
          </p>
          <CodeBlock label="A key used from outside its allowed addresses">
            {JSON.stringify(examples.addressNotAllowed, null, 2)}
          </CodeBlock>
        </Section>

        <Section id="permissions" title="Permissions">
          <p>
            Each key holds permissions, set by an admin when the key is created and changeable on its page in Settings →
            API. An operation the key has no permission for answers <Code>403 insufficient_permission</Code>, naming the
            permission. Keys made before permissions existed hold <Code>calls:read</Code>. A key that manages keys can
            give a key only permissions it holds itself (<Code>403 permission_not_held</Code> otherwise).
          </p>
          <PermissionsTables />
          <OperationsTable operations={operations} />
          <p>
            The management operations (keys and activity) are described with their request and response schemas in the{" "}
            <a href="/api/v1/openapi.json" className="text-brand-700 underline">
              OpenAPI document
            </a>
            .
          </p>
        </Section>

        <Section id="endpoints" title="Endpoints">
          <Endpoint
            method="GET"
            permission={permissionOf("GET", "/me")}
            path="/api/v1/me"
            summary="The organization and key the request is authenticated as. Handy to check a key."
            example={curl("/me")}
            response={examples.me}
          />
          <Endpoint
            method="GET"
            permission={permissionOf("GET", "/calls")}
            path="/api/v1/calls"
            summary="Non-private calls of your organization, newest first (by start time)."
            example={`${curl("/calls?limit=50")}\n\n# next page: pass nextCursor back unchanged\n${curl(`/calls?limit=50&cursor=${exampleCursor}`)}`}
            response={examples.list}
          >
            <ParameterTable caption="Query parameters" rows={listParameters} />
            <p className="text-sm text-slate-700">
              To export everything, follow <Code>nextCursor</Code> until it is null: every page costs the same, however
              deep. To sync incrementally, pass <Code>startedAfter</Code> (exclusive) with every page of the walk. Calls
              can appear after they started (recording and processing take time), so overlap: start from a while before
              the newest <Code>startedAt</Code> you already have and de-duplicate by <Code>id</Code>.
            </p>
            <CodeBlock label="Fetch everything since yesterday">{sinceYesterday(origin, exampleCursor)}</CodeBlock>
          </Endpoint>
          <Endpoint
            method="GET"
            permission={permissionOf("GET", "/calls/{id}")}
            path="/api/v1/calls/{id}"
            summary="One call. A call that does not exist, is private, or belongs to another organization is a 404."
            example={curl(`/calls/${exampleCall.id}`)}
            response={examples.call}
          />
          <div className="space-y-3">
            <h3 className="font-semibold">The Call object</h3>
            <ParameterTable caption="Fields of a call" rows={callFields} />
          </div>
        </Section>

        <Section id="errors" title="Errors">
          <p>
            Errors use one shape: a stable <Code>code</Code> to branch on and a <Code>message</Code> for people.
          </p>
          <CodeBlock label="Example error">{JSON.stringify(examples.error, null, 2)}</CodeBlock>
          <DataTable
            caption="Error codes"
            columns={["Code", "HTTP status", "When"]}
            rows={ERROR_TABLE.map((row) => [<Code key="code">{row.code}</Code>, String(row.status), row.description])}
          />
        </Section>

        <Section id="rate-limits" title="Rate limits">
          <p>
            Each key may make <strong>{limit.requests}</strong> requests per{" "}
            <strong>{limit.windowSeconds} seconds</strong> (a sliding window). Every response to a request with a
            well-formed key carries these headers:
          </p>
          <DataTable
            caption="Rate-limit headers"
            columns={["Header", "Meaning"]}
            rows={Object.entries(RATE_LIMIT_HEADERS).map(([name, meaning]) => [
              <Code key="name">{name}</Code>,
              meaning,
            ])}
          />
          <p>
            Over the limit you get <Code>429 rate_limited</Code>: wait <Code>Retry-After</Code> seconds, then retry.
            Keys that do not exist are also limited per network address: after {UNKNOWN_KEYS_RULE.requests} unknown keys
            in {UNKNOWN_KEYS_RULE.windowSeconds} seconds, further unknown keys from that address get a 429 without being
            looked up, so guessing keys is pointless. A valid key is never refused because of other keys&apos; failures
            from the same address (an integration platform or office network shared with others), and a revoked or
            expired key retried in a loop only ever gets its own 401. Such a 429 describes the unknown-keys limit in its
            X-RateLimit headers.
          </p>
          <CodeBlock label="Inspect the headers">{`curl -i -H "X-API-Key: $GLYPHIC_API_KEY" ${origin}/api/v1/calls?limit=1\n\nHTTP/1.1 200 OK\nX-RateLimit-Limit: ${limit.requests}\nX-RateLimit-Remaining: ${limit.requests - 1}\nX-RateLimit-Reset: 1795000060\nCache-Control: no-store`}</CodeBlock>
        </Section>

        <WebhooksSection docs={webhookDocs()} receiver={WEBHOOK_RECEIVER_EXAMPLE} />

        <Section id="openapi" title="OpenAPI">
          <p>
            A machine-readable description (OpenAPI 3.1) is at{" "}
            <a href="/api/v1/openapi.json" className="text-brand-700 underline">
              /api/v1/openapi.json
            </a>{" "}
            and needs no key. Import it into Postman, Insomnia or a client generator; its <Code>webhooks</Code> describe
            every event body.
          </p>
        </Section>
      </main>
    </div>
  );
}

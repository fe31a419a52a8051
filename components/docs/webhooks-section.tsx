import Link from "next/link";
import type { webhookDocs } from "@/lib/api/docs-webhooks";
import { Code, CodeBlock, DataTable, Section } from "./doc-blocks";

// The Webhooks section of /docs/api: layout only; what it shows is read from the code that
// sends events (lib/api/docs-webhooks.ts).

/** A description whose `quoted` parts are code. */
function Described({ text }: { text: string }) {
  return text.split("`").map((part, index) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: static text, never reordered
    index % 2 === 1 ? <Code key={index}>{part}</Code> : part,
  );
}

export function WebhooksSection({
  docs: { events, example, headers, delivery },
  receiver,
}: {
  docs: ReturnType<typeof webhookDocs>;
  receiver: string;
}) {
  return (
    <Section id="webhooks" title="Webhooks">
      <p>
        Glyphic tells your systems when something happens to your keys — created, changed, rolled, revoked, found
        leaked, about to expire — by POSTing a signed JSON event to URLs you choose. Events follow{" "}
        <a href="https://www.standardwebhooks.com" className="text-brand-700 underline">
          Standard Webhooks
        </a>
        , so any of its libraries verifies them. Admins add endpoints in{" "}
        <Link href="/settings/api" className="text-brand-700 underline">
          Settings → API
        </Link>{" "}
        → Webhooks: an <Code>https://</Code> URL on a public address, the events it takes (all by default), and a
        signing secret that is shown once. Each endpoint&apos;s page has <strong>Send test event</strong> and its recent
        deliveries.
      </p>
      <DataTable
        caption="Webhook events"
        columns={["Event", "When"]}
        rows={events.map((event) => [
          <Code key="type">{event.type}</Code>,
          <Described key="when" text={event.description} />,
        ])}
      />
      <p>
        Every body has <Code>type</Code>, <Code>timestamp</Code> (when the change happened) and <Code>data</Code>:{" "}
        <Code>organization</Code>; <Code>key</Code>, the key as the change left it — never its secret — except for{" "}
        <Code>policy.updated</Code> and <Code>webhook.test</Code>; <Code>actor</Code>, who made the change (
        <Code>user</Code>, <Code>api_key</Code> or <Code>system</Code>); and the event&apos;s own fields. Each
        event&apos;s schema is under <Code>webhooks</Code> in the{" "}
        <a href="/api/v1/openapi.json" className="text-brand-700 underline">
          OpenAPI document
        </a>
        . Ignore fields you do not know: new ones may be added.
      </p>
      <CodeBlock label={`Example: ${example.type}`}>{JSON.stringify(example, null, 2)}</CodeBlock>
      <DataTable
        caption="Webhook headers"
        columns={["Header", "Meaning"]}
        rows={headers.map(([name, meaning]) => [
          <Code key="name">{name}</Code>,
          <Described key="meaning" text={meaning} />,
        ])}
      />

      <h3 className="font-semibold text-slate-900">Delivery</h3>
      <ul className="list-disc space-y-2 pl-5">
        <li>
          The first attempt goes out right after the change (the request that made it does not wait for you). A{" "}
          <strong>2xx within {delivery.timeoutSeconds} s</strong> is success; anything else — another status, a redirect
          (not followed), no answer in time — is retried after {delivery.retryDelays.join(", ")}: {delivery.attempts}{" "}
          attempts in all, each signed afresh with the same <Code>webhook-id</Code> and body.
        </li>
        <li>
          <strong>At least once, in no guaranteed order</strong>: an event can arrive twice, so deduplicate on{" "}
          <Code>webhook-id</Code>; when order matters, compare <Code>timestamp</Code> or read the key through the API.
        </li>
        <li>
          An endpoint whose every attempt failed for {delivery.failingDays} days is disabled, and the
          organization&apos;s owners and admins get an email; enabling it again on its page starts afresh. Deliveries
          are listed there, with Retry, for {delivery.keptDays} days.
        </li>
        <li>
          <strong>Roll secret</strong> on the endpoint&apos;s page shows a new secret once; for{" "}
          {delivery.rollOverlapHours} h the old and the new one both sign (two signatures in{" "}
          <Code>webhook-signature</Code>), time to deploy the new one without missing an event.
        </li>
      </ul>

      <h3 className="font-semibold text-slate-900">Receiving events</h3>
      <p>
        Verify the signature on the <strong>raw</strong> body before trusting anything in it, answer at once, and do the
        work afterwards. With Node.js and the <Code>standardwebhooks</Code> package (
        <Code>npm install standardwebhooks</Code>
        ), a complete receiver:
      </p>
      <CodeBlock label="A receiver in Node.js">{receiver}</CodeBlock>
      <p>
        In a framework, read the body as text before any JSON parser sees it (in a Next.js route handler:{" "}
        <Code>await request.text()</Code>, and <Code>Object.fromEntries(request.headers)</Code> for the headers).
      </p>
    </Section>
  );
}

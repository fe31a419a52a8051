"use client";

import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Callout } from "@/components/ui/callout";
import { Timestamp, useNow } from "@/components/ui/timestamp";
import { TooltipProvider } from "@/components/ui/tooltip";
import { API_SETTINGS_PATH } from "@/lib/routes";
import type { WebhookEndpointPage } from "@/lib/webhook-endpoints/views";
import { EndpointActions } from "./endpoint-actions";
import { EndpointStateBadge, EventsCell, ShortTime } from "./endpoint-state";
import { RecentDeliveries } from "./recent-deliveries";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0 space-y-0.5">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** One webhook endpoint: where it sends, what, with which secret, how it went, and its deliveries. */
export function EndpointPageView({
  data,
  renderedAt,
  shownLimit,
}: {
  data: WebhookEndpointPage;
  renderedAt: string;
  shownLimit: number;
}) {
  const now = useNow(renderedAt);
  const { endpoint, deliveries } = data;
  return (
    <TooltipProvider>
      <div className="space-y-6">
        <header className="space-y-4">
          <Link
            href={API_SETTINGS_PATH}
            className="inline-flex items-center gap-1.5 rounded-sm text-sm text-slate-600 hover:text-brand-700"
          >
            <ArrowLeftIcon className="h-4 w-4" />
            API keys
          </Link>
          <div className="space-y-4">
            <div className="min-w-0 space-y-1.5">
              <p className="text-sm font-medium text-slate-500">Webhook endpoint</p>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <h1
                  data-testid="endpoint-url"
                  className="font-mono text-base leading-snug font-semibold [overflow-wrap:anywhere] text-slate-900 sm:text-lg"
                >
                  {endpoint.url}
                </h1>
                <EndpointStateBadge endpoint={endpoint} detailed={false} />
              </div>
            </div>
            <EndpointActions endpoint={endpoint} />
          </div>
        </header>

        <StateNotice data={data} />

        <dl
          data-testid="endpoint-facts"
          className="grid grid-cols-2 gap-x-6 gap-y-4 rounded-xl border border-slate-200 bg-white px-4 py-4 shadow-xs lg:grid-cols-4"
        >
          <Fact label="Events">
            <EventsCell events={endpoint.events} />
          </Fact>
          <Fact label="Signing secret">
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
              {endpoint.secretHint}
            </code>
            {endpoint.previousSecretValidUntil ? (
              <span className="mt-1 block text-xs leading-snug text-slate-600" data-testid="previous-secret">
                The previous secret also signs until <ShortTime iso={endpoint.previousSecretValidUntil} />.
              </span>
            ) : null}
          </Fact>
          <Fact label="Last success">
            {endpoint.lastSuccessAt ? (
              <Timestamp iso={endpoint.lastSuccessAt} now={now} relative />
            ) : (
              <span className="text-slate-500">Never</span>
            )}
          </Fact>
          <Fact label="Added">
            <Timestamp iso={endpoint.createdAt} now={now} />
          </Fact>
        </dl>

        <RecentDeliveries endpoint={endpoint} deliveries={deliveries} limit={shownLimit} />
      </div>
    </TooltipProvider>
  );
}

/** Why nothing arrives, and what happens next: failing (disabled after 5 days) or disabled. */
function StateNotice({ data }: { data: WebhookEndpointPage }) {
  const { endpoint } = data;
  if (endpoint.state === "failing" && endpoint.failingSince) {
    return (
      <Callout tone="warning" role="status">
        <p>
          <strong className="font-semibold">
            Every attempt has failed since <ShortTime iso={endpoint.failingSince} />.
          </strong>{" "}
          Failed events are retried for about two days. If the endpoint keeps failing for 5 days, it is disabled and
          your organization's admins are emailed. Send a test event once you have fixed the receiver.
        </p>
      </Callout>
    );
  }
  if (endpoint.state === "disabled") {
    return (
      <Callout tone="warning" role="status">
        <p>
          <strong className="font-semibold">
            {endpoint.disabledReason === "failing" ? "Disabled after 5 days of failures." : "Disabled by an admin."}
          </strong>{" "}
          No events are sent to it, and events that happen meanwhile are not kept for it. Enable it to start receiving
          events again.
        </p>
      </Callout>
    );
  }
  return null;
}

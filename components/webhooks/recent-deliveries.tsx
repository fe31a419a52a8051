"use client";

import { RotateCwIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useKeyAction } from "@/components/api-keys/forms/use-key-action";
import { cn } from "@/components/ui/cn";
import { retryWebhookDeliveryAction } from "@/lib/actions/retry-webhook-delivery";
import type { DeliveryState, WebhookDeliveryRow, WebhookEndpointSummary } from "@/lib/webhook-endpoints/views";
import { attemptToast } from "./attempt-toast";
import { eventLabel, ShortTime } from "./endpoint-state";

const HEADS = ["Event", "Time", "Attempt", "Response", "Duration", "State"];

const PILL = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

const STATE_TONES: Record<DeliveryState, string> = {
  delivered: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  retrying: "bg-amber-50 text-amber-900 ring-amber-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  pending: "bg-slate-100 text-slate-700 ring-slate-200",
};

function statusTone(status: number): string {
  if (status >= 200 && status < 300) return "bg-emerald-50 text-emerald-800 ring-emerald-200";
  if (status >= 500) return "bg-red-50 text-red-800 ring-red-200";
  return "bg-orange-50 text-orange-900 ring-orange-200";
}

function DeliveryStateCell({ delivery }: { delivery: WebhookDeliveryRow }) {
  const tone = cn(PILL, STATE_TONES[delivery.state]);
  switch (delivery.state) {
    case "delivered":
      return <span className={tone}>Delivered</span>;
    case "failed":
      return <span className={tone}>Failed</span>;
    case "pending":
      return <span className={tone}>Pending</span>;
    default:
      return (
        <span className={tone}>
          Retrying
          {delivery.nextAttemptAt ? (
            <>
              &nbsp;at&nbsp;
              <ShortTime iso={delivery.nextAttemptAt} seconds />
            </>
          ) : null}
        </span>
      );
  }
}

/** Under the status, what it does not say: a redirect refused, a timeout, a refused address. */
function ResponseNote({ delivery }: { delivery: WebhookDeliveryRow }) {
  const { status, error } = delivery;
  const said = `HTTP ${status}`;
  // The sender records a non-2xx answer as "HTTP <status>[: why]": the pill says the status.
  const note = status === null || !error?.startsWith(said) ? error : error.slice(said.length).replace(/^:\s*/, "");
  if (!note) return null;
  return <span className="mt-0.5 block text-xs leading-snug [overflow-wrap:anywhere] text-red-800">{note}</span>;
}

/** "Recent deliveries": each event sent to the endpoint, newest first, and Retry on those that failed. */
export function RecentDeliveries({
  endpoint,
  deliveries,
  limit,
}: {
  endpoint: WebhookEndpointSummary;
  deliveries: WebhookDeliveryRow[];
  limit: number;
}) {
  const router = useRouter();
  const [retrying, setRetrying] = useState<string | null>(null);
  const retry = useKeyAction(retryWebhookDeliveryAction, {
    onSuccess: (result) => {
      attemptToast("Event", result.attempt, { retried: true });
      setRetrying(null);
      router.refresh();
    },
    onFailure: () => setRetrying(null),
  });
  const canRetry = endpoint.state !== "disabled";
  return (
    <section aria-labelledby="recent-deliveries-title" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="recent-deliveries-title" className="text-base font-semibold text-slate-900">
          Recent deliveries
        </h2>
        <p className="text-xs text-slate-500">The latest {limit}, newest first.</p>
      </div>
      <p className="max-w-3xl text-sm leading-relaxed text-slate-600">
        A retry sends the same event with the same <code className="font-mono text-xs text-slate-800">webhook-id</code>{" "}
        header, so your receiver should deduplicate on it.{" "}
        <Link href="/docs/api#webhooks" className="font-medium text-brand-700 underline underline-offset-4">
          How to verify and handle webhooks
        </Link>
      </p>
      {deliveries.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          No deliveries yet. Events appear here as they are sent; Send test event checks the endpoint now.
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-xs">
          <table className="w-full min-w-[52rem] border-collapse text-left text-sm" data-testid="recent-deliveries">
            <caption className="sr-only">Events sent to this endpoint, newest first</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
              <tr>
                {HEADS.map((label) => (
                  <th
                    key={label}
                    scope="col"
                    className={cn(
                      "px-3 py-2.5 font-medium whitespace-nowrap first:pl-4",
                      label === "Duration" && "text-right",
                    )}
                  >
                    {label}
                  </th>
                ))}
                <th scope="col" className="py-2.5 pr-4 pl-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deliveries.map((delivery) => (
                <tr key={delivery.id} data-delivery-id={delivery.id} data-state={delivery.state}>
                  <td className="py-2.5 pr-3 pl-4">
                    <span className="block font-mono text-xs text-slate-900">{delivery.type}</span>
                    <span className="block text-xs text-slate-500">{eventLabel(delivery.type)}</span>
                  </td>
                  <td className="px-3 py-2.5 text-slate-700">
                    <ShortTime iso={delivery.createdAt} seconds />
                  </td>
                  <td className="px-3 py-2.5 whitespace-nowrap text-slate-700 tabular-nums">
                    {delivery.attempts === 0 ? (
                      <span className="text-slate-500">Not yet</span>
                    ) : (
                      `${delivery.attempts} of ${delivery.maxAttempts}`
                    )}
                  </td>
                  <td className="max-w-[16rem] px-3 py-2.5">
                    {delivery.status !== null ? (
                      <span className={cn(PILL, "font-mono", statusTone(delivery.status))}>{delivery.status}</span>
                    ) : null}
                    <ResponseNote delivery={delivery} />
                    {delivery.status === null && !delivery.error ? <span className="text-slate-500">—</span> : null}
                  </td>
                  <td className="px-3 py-2.5 text-right text-xs whitespace-nowrap text-slate-700 tabular-nums">
                    {delivery.durationMs === null ? (
                      <span className="text-slate-500">—</span>
                    ) : (
                      `${delivery.durationMs} ms`
                    )}
                  </td>
                  <td className="px-3 py-2.5">
                    <DeliveryStateCell delivery={delivery} />
                  </td>
                  <td className="py-2.5 pr-4 pl-3 text-right">
                    {canRetry && (delivery.state === "failed" || delivery.state === "retrying") ? (
                      <button
                        type="button"
                        aria-label={`Retry ${eventLabel(delivery.type)} from ${delivery.createdAt}`}
                        disabled={retry.pending}
                        onClick={() => {
                          setRetrying(delivery.id);
                          retry.run({ endpointId: endpoint.id, deliveryId: delivery.id });
                        }}
                        className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 transition-colors hover:bg-slate-100 hover:text-slate-900 disabled:text-slate-400"
                      >
                        <RotateCwIcon
                          aria-hidden="true"
                          className={cn("h-3.5 w-3.5", retrying === delivery.id && "animate-spin")}
                        />
                        Retry
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

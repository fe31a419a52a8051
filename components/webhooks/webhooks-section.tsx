"use client";

import { WebhookIcon } from "lucide-react";
import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp, useNow } from "@/components/ui/timestamp";
import { TooltipProvider } from "@/components/ui/tooltip";
import { webhookEndpointPath } from "@/lib/routes";
import type { WebhookEndpointSummary } from "@/lib/webhook-endpoints/views";
import { AddEndpointDialog } from "./add-endpoint-dialog";
import { EndpointStateBadge, type EventChoice, EventsCell } from "./endpoint-state";

const TITLE_ID = "webhooks-title";
const LIMIT_NOTE_ID = "webhooks-limit";

/**
 * Settings → API, Webhooks: the organization's endpoints (URL, events, state, last success), each
 * linking to its page, and Add endpoint.
 */
export function WebhooksSection({
  endpoints,
  choices,
  maxEndpoints,
  renderedAt,
}: {
  endpoints: WebhookEndpointSummary[];
  choices: EventChoice[];
  maxEndpoints: number;
  renderedAt: string;
}) {
  const now = useNow(renderedAt);
  const atLimit = endpoints.length >= maxEndpoints;
  return (
    <TooltipProvider>
      <section aria-labelledby={TITLE_ID} className="space-y-3" data-testid="webhooks">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="max-w-2xl space-y-0.5">
            <h2
              id={TITLE_ID}
              tabIndex={-1}
              className="flex items-center gap-1.5 text-sm font-semibold text-slate-900 outline-none"
            >
              <WebhookIcon aria-hidden="true" className="h-4 w-4 text-brand-600" />
              Webhooks
            </h2>
            <p className="text-xs leading-relaxed text-slate-500">
              Glyphic tells your systems — a SIEM, a chat channel, your own service — when keys are created, changed,
              rolled, revoked or found leaked, as a signed HTTP POST within seconds.
            </p>
          </div>
          <div className="flex flex-col items-start gap-1 sm:items-end">
            <AddEndpointDialog
              choices={choices}
              disabled={atLimit}
              limitNoteId={LIMIT_NOTE_ID}
              fallbackFocusId={TITLE_ID}
            />
            {atLimit ? (
              <p id={LIMIT_NOTE_ID} className="text-xs text-slate-500">
                {maxEndpoints} endpoints at most: delete one to add another.
              </p>
            ) : null}
          </div>
        </div>

        {endpoints.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
            No endpoints yet. Add one to have key changes sent to your systems as they happen.
          </p>
        ) : (
          <div>
            <Table label="Webhook endpoints" minWidth="44rem">
              <caption className="sr-only">Webhook endpoints of your organization, oldest first</caption>
              <TableHeader>
                <tr>
                  <TableHead pinned>Endpoint</TableHead>
                  <TableHead>Events</TableHead>
                  <TableHead>State</TableHead>
                  <TableHead>Last success</TableHead>
                </tr>
              </TableHeader>
              <TableBody>
                {endpoints.map((endpoint) => (
                  <TableRow key={endpoint.id} data-endpoint-id={endpoint.id}>
                    <TableCell pinned className="max-w-[14rem] min-w-[12rem] sm:max-w-[22rem]">
                      <Link
                        href={webhookEndpointPath(endpoint.id)}
                        className="rounded-sm font-mono text-[13px] leading-5 font-medium [overflow-wrap:anywhere] text-slate-900 underline decoration-slate-300 underline-offset-4 hover:text-brand-700 hover:decoration-brand-500"
                      >
                        {endpoint.url}
                      </Link>
                    </TableCell>
                    <TableCell className="max-w-[16rem] min-w-[9rem]">
                      <EventsCell events={endpoint.events} />
                    </TableCell>
                    <TableCell>
                      <EndpointStateBadge endpoint={endpoint} />
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-slate-700">
                      {endpoint.lastSuccessAt ? (
                        <Timestamp iso={endpoint.lastSuccessAt} now={now} relative />
                      ) : (
                        <span className="text-slate-500">Never</span>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <p className="mt-2 text-xs text-slate-500 sm:hidden">
              Swipe the table sideways for the state and last success.
            </p>
          </div>
        )}
      </section>
    </TooltipProvider>
  );
}

"use client";

import { NetworkIcon, XIcon } from "lucide-react";
import Link from "next/link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Timestamp, useNow } from "@/components/ui/timestamp";
import { TooltipProvider } from "@/components/ui/tooltip";
import { dismissNetworkAlertAction } from "@/lib/actions/dismiss-network-alert";
import type { NetworkAlertNotice } from "@/lib/key-health/network-alerts";
import { apiKeyPath } from "@/lib/routes";
import { useKeyAction } from "../forms/use-key-action";

/** The notices are the page's most urgent messages: a Callout, with a card's padding and shadow. */
const NOTICE_CARD = "rounded-xl p-4 shadow-xs sm:p-5";

/**
 * Keys used from a network they had not used in 30 days (lib/requests/key-networks.ts), until an
 * admin dismisses the notice: on Settings → API (with a link to the key's page) and on the key's
 * own page. Noticing, not refusing: Allowed addresses still decide who may use a key.
 */
export function NetworkAlertNotices({
  alerts,
  renderedAt,
  linkToKey,
}: {
  alerts: NetworkAlertNotice[];
  renderedAt: string;
  /** Settings → API links each notice to its key's page; the key's page does not. */
  linkToKey: boolean;
}) {
  const now = useNow(renderedAt);
  if (alerts.length === 0) return null;
  return (
    <TooltipProvider>
      <div className="space-y-3">
        {alerts.map((alert) => (
          <NetworkAlertCard key={alert.id} alert={alert} now={now} linkToKey={linkToKey} />
        ))}
      </div>
    </TooltipProvider>
  );
}

function NetworkAlertCard({ alert, now, linkToKey }: { alert: NetworkAlertNotice; now: Date; linkToKey: boolean }) {
  const titleId = `network-alert-${alert.id}-title`;
  const dismiss = useKeyAction(dismissNetworkAlertAction, {
    onSuccess: () => toast.success(`Notice about “${alert.keyName}” dismissed.`),
  });
  return (
    <section aria-labelledby={titleId} data-testid="network-alert-notice">
      <Callout tone="warning" icon={NetworkIcon} className={NOTICE_CARD}>
        <div className="space-y-2">
          <div className="flex items-start justify-between gap-3">
            <h2 id={titleId} className="text-base font-semibold leading-snug break-words">
              “{alert.keyName}” was used from {alert.network} for the first time
            </h2>
            <Button
              variant="ghost"
              className="-mt-1 -mr-2 shrink-0 px-2 py-1 text-amber-900 shadow-none hover:bg-amber-100"
              onClick={() => dismiss.run({ alertId: alert.id })}
              disabled={dismiss.pending}
              aria-label={`Dismiss the notice about “${alert.keyName}” used from ${alert.network}`}
            >
              <XIcon className="h-4 w-4" />
              <span className="hidden sm:inline">Dismiss</span>
            </Button>
          </div>
          <p>
            First request <Timestamp iso={alert.firstRequestAt} now={now} /> from{" "}
            <code className="font-mono text-xs">{alert.address}</code>, user agent{" "}
            <code className="font-mono text-xs break-all">{alert.userAgent}</code>. The key had not been used from this
            network in the last 30 days. If you moved the integration, there is nothing to do; if you don't recognise
            it, roll or revoke the key, or limit its Allowed addresses.
            {linkToKey ? (
              <>
                {" "}
                <Link
                  href={apiKeyPath(alert.keyId)}
                  className="font-medium text-amber-900 underline underline-offset-2 hover:text-amber-950"
                >
                  Open the key
                </Link>
              </>
            ) : null}
          </p>
          {dismiss.error ? (
            <p role="alert" className="text-red-800">
              {dismiss.error}
            </p>
          ) : null}
        </div>
      </Callout>
    </section>
  );
}

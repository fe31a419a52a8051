"use client";

import Link from "next/link";
import { Timestamp, useNow } from "@/components/ui/timestamp";
import { TooltipProvider } from "@/components/ui/tooltip";
import { dismissNetworkAlertAction } from "@/lib/actions/dismiss-network-alert";
import type { NetworkAlertNotice } from "@/lib/key-health/network-alerts";
import { apiKeyPath } from "@/lib/routes";
import { DismissableNotice } from "./dismissable-notice";

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
  return (
    <DismissableNotice
      kind="network-alert"
      noticeId={alert.id}
      keyName={alert.keyName}
      action={dismissNetworkAlertAction}
      input={{ alertId: alert.id }}
      title={
        <>
          “{alert.keyName}” was used from {alert.network} for the first time
        </>
      }
      dismissLabel={`Dismiss the notice about “${alert.keyName}” used from ${alert.network}`}
    >
      <p>
        First request <Timestamp iso={alert.firstRequestAt} now={now} /> from{" "}
        <code className="font-mono text-xs">{alert.address}</code>, user agent{" "}
        <code className="font-mono text-xs break-all">{alert.userAgent}</code>. The key had not been used from this
        network in the last 30 days. If you moved the integration, there is nothing to do; if you don't recognise it,
        roll or revoke the key, or limit its Allowed addresses.
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
    </DismissableNotice>
  );
}

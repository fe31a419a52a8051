"use client";

import { useNow } from "@/components/ui/timestamp";
import { TooltipProvider } from "@/components/ui/tooltip";
import type { KeyPageData } from "@/lib/api-keys/views/key-page";
import { NeedsAttentionList } from "../health/needs-attention";
import { NetworkAlertNotices } from "../notices/network-alert-notices";
import { KeyPermissionsSection } from "../permissions/key-permissions-section";
import { AllowedAddressesForm } from "./allowed-addresses-form";
import { KeyPageFacts, StillTriedLine } from "./key-page-facts";
import { KeyPageHeader } from "./key-page-header";
import { KeyUsage } from "./key-usage";
import { RecentRequests } from "./recent-requests";

/** One key's page: who made it, how it is used, what it may do and from where, and the same actions as the table. */
export function KeyPageView({
  data,
  renderedAt,
  recentLimit,
}: {
  data: KeyPageData;
  renderedAt: string;
  recentLimit: number;
}) {
  const now = useNow(renderedAt);
  return (
    <TooltipProvider>
      <div className="space-y-6">
        <KeyPageHeader data={data} />
        <StillTriedLine data={data} />
        <NetworkAlertNotices alerts={data.networkAlerts} renderedAt={renderedAt} linkToKey={false} />
        <KeyPageFacts data={data} now={now} />
        <NeedsAttentionList keys={data.health} onKeyPage />
        <KeyUsage usage={data.usage} />
        <KeyPermissionsSection
          keyId={data.key.id}
          keyName={data.key.name}
          permissions={data.key.permissions}
          revoked={data.key.status === "revoked"}
        />
        {data.key.status === "revoked" ? null : (
          <AllowedAddressesForm keyId={data.key.id} saved={data.key.allowedAddresses} />
        )}
        <RecentRequests requests={data.recentRequests} limit={recentLimit} />
      </div>
    </TooltipProvider>
  );
}

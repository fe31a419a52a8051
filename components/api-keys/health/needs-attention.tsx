"use client";

import {
  ActivityIcon,
  CalendarClockIcon,
  HourglassIcon,
  KeyRoundIcon,
  type LucideIcon,
  NetworkIcon,
  ShieldAlertIcon,
  ShieldIcon,
} from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button, buttonClass } from "@/components/ui/button";
import { changeApiKeyPermissionsAction } from "@/lib/actions/change-api-key-permissions";
import { keepApiKeyAction } from "@/lib/actions/keep-api-key";
import { setAllowedAddressesAction } from "@/lib/actions/set-allowed-addresses";
import type { NeedsAttention } from "@/lib/api-keys/views/needs-attention";
import { apiKeyPath } from "@/lib/routes";
import { useKeyAction } from "../forms/use-key-action";

type Finding = NeedsAttention["findings"][number];

const ICONS: Record<Finding["kind"], LucideIcon> = {
  policy: ShieldAlertIcon,
  never_expires: CalendarClockIcon,
  unused_permissions: ShieldIcon,
  few_networks: NetworkIcon,
  unused: HourglassIcon,
  leaked: ShieldAlertIcon,
  still_tried: KeyRoundIcon,
};

/** Fixes are buttons or links to the key's page, drawn alike so a row's actions line up. */
const FIX = "py-1.5";

/**
 * Key health: every working key that is riskier than it needs to be, each finding with its
 * one-click fix where there is one. The fixes are the ordinary key actions (audited, effective on
 * the key's next request); a key with nothing to say is not listed.
 */
export function NeedsAttentionList({ keys, onKeyPage = false }: { keys: NeedsAttention[]; onKeyPage?: boolean }) {
  if (keys.length === 0) return null;
  return (
    <section aria-labelledby="needs-attention-title" className="space-y-3" data-testid="needs-attention">
      <div className="space-y-0.5">
        <h2 id="needs-attention-title" className="flex items-center gap-2 text-base font-semibold text-slate-900">
          <ActivityIcon className="h-4 w-4 text-amber-600" aria-hidden="true" />
          {onKeyPage ? "Key health" : "Needs attention"}
        </h2>
        <p className="text-xs text-slate-500">
          {onKeyPage
            ? "What makes this key riskier than it needs to be, from its requests of the last 30 days."
            : "Keys riskier than they need to be, from their requests of the last 30 days. Fixes apply from each key's next request."}
        </p>
      </div>
      <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-amber-200 bg-white shadow-xs">
        {keys.map((key) => (
          <li key={key.keyId} className="space-y-2.5 px-4 py-3.5" data-testid="needs-attention-key">
            {onKeyPage ? null : (
              <p className="flex flex-wrap items-baseline gap-x-2 text-sm font-medium text-slate-900">
                <Link href={apiKeyPath(key.keyId)} className="break-words hover:underline">
                  {key.name}
                </Link>
                {/* The start is what tells keys apart; the table shows the masked rest. */}
                <span className="font-mono text-xs font-normal text-slate-500">{key.maskedKey.slice(0, 9)}…</span>
              </p>
            )}
            <ul className="space-y-2.5">
              {key.findings.map((finding) => (
                <FindingLine key={finding.kind} keyId={key.keyId} keyName={key.name} finding={finding} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FindingLine({ keyId, keyName, finding }: { keyId: string; keyName: string; finding: Finding }) {
  const Icon = ICONS[finding.kind];
  return (
    <li
      className="grid gap-2 text-sm text-slate-700 sm:grid-cols-[1fr_auto] sm:items-center sm:gap-4"
      data-testid="needs-attention-finding"
    >
      <p className="flex min-w-0 gap-2.5 leading-relaxed">
        <Icon className="mt-0.5 h-4 w-4 shrink-0 text-amber-600" aria-hidden="true" />
        {/* Permission and network lists have no spaces to break at on a phone. */}
        <span className="min-w-0 [overflow-wrap:anywhere]">{finding.message}</span>
      </p>
      <div className="flex flex-wrap gap-2 pl-6.5 sm:justify-end sm:pl-0">
        <Fix keyId={keyId} keyName={keyName} finding={finding} />
      </div>
    </li>
  );
}

function Fix({ keyId, keyName, finding }: { keyId: string; keyName: string; finding: Finding }) {
  const router = useRouter();
  const done = (message: string) => () => {
    toast.success(message);
    router.refresh();
  };
  const narrow = useKeyAction(changeApiKeyPermissionsAction, {
    onSuccess: done(`Permissions of “${keyName}” narrowed to what it used.`),
  });
  const apply = useKeyAction(setAllowedAddressesAction, {
    onSuccess: done(`Allowed addresses of “${keyName}” saved. They apply from its next request.`),
  });
  const keep = useKeyAction(keepApiKeyAction, {
    onSuccess: done(`“${keyName}” kept. It won't be flagged as unused for 90 days.`),
  });
  switch (finding.kind) {
    case "unused_permissions":
      return (
        <Button
          variant="secondary"
          className={FIX}
          disabled={narrow.pending}
          onClick={() => narrow.run({ keyId, permissions: finding.narrowTo as never })}
        >
          Narrow permissions to what it used
        </Button>
      );
    case "few_networks":
      return (
        <Button
          variant="secondary"
          className={FIX}
          disabled={apply.pending}
          // Not "allowed addresses": on the key page that would also name its Allowed addresses field.
          aria-label={`Apply: limit ${keyName} to ${finding.networks.join(", ")}`}
          onClick={() => apply.run({ keyId, allowedAddresses: finding.networks.join("\n") })}
        >
          Apply
        </Button>
      );
    case "unused":
      return (
        <>
          <Link href={apiKeyPath(keyId)} className={buttonClass("secondary", `${FIX} text-red-700 hover:bg-red-50`)}>
            Revoke
          </Link>
          <Button variant="secondary" className={FIX} disabled={keep.pending} onClick={() => keep.run({ keyId })}>
            Keep
          </Button>
        </>
      );
    case "never_expires":
      return (
        <Link href={apiKeyPath(keyId)} className={buttonClass("secondary", FIX)}>
          Set an expiry
        </Link>
      );
    default:
      return null;
  }
}

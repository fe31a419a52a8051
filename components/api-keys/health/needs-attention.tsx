"use client";

import { ActivityIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { changeApiKeyPermissionsAction } from "@/lib/actions/change-api-key-permissions";
import { keepApiKeyAction } from "@/lib/actions/keep-api-key";
import { setAllowedAddressesAction } from "@/lib/actions/set-allowed-addresses";
import type { NeedsAttention } from "@/lib/api-keys/views/needs-attention";
import { apiKeyPath } from "@/lib/routes";
import { useKeyAction } from "../dialogs/use-key-action";

type Finding = NeedsAttention["findings"][number];

/**
 * Key health: every working key that is riskier than it needs to be, each finding with its
 * one-click fix where there is one. The fixes are the ordinary key actions (audited, effective on
 * the key's next request); a key with nothing to say is not listed.
 */
export function NeedsAttentionList({ keys, onKeyPage = false }: { keys: NeedsAttention[]; onKeyPage?: boolean }) {
  if (keys.length === 0) return null;
  return (
    <section aria-labelledby="needs-attention-title" className="space-y-3">
      <h2 id="needs-attention-title" className="flex items-center gap-2 text-base font-semibold text-slate-900">
        <ActivityIcon className="h-4 w-4 text-amber-600" aria-hidden />
        {onKeyPage ? "Key health" : "Needs attention"}
      </h2>
      <ul className="divide-y divide-slate-100 rounded-xl border border-amber-200 bg-white shadow-xs">
        {keys.map((key) => (
          <li key={key.keyId} className="space-y-2 px-4 py-3" data-testid="needs-attention-key">
            {onKeyPage ? null : (
              <p className="text-sm font-medium text-slate-900">
                <Link href={apiKeyPath(key.keyId)} className="hover:underline">
                  {key.name}
                </Link>{" "}
                <span className="font-mono text-xs text-slate-500">{key.maskedKey}</span>
              </p>
            )}
            <ul className="space-y-2">
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
  return (
    <li className="flex flex-col gap-2 text-sm text-slate-700 sm:flex-row sm:items-center sm:justify-between">
      <span>{finding.message}</span>
      <span className="flex shrink-0 flex-wrap gap-2">
        <Fix keyId={keyId} keyName={keyName} finding={finding} />
      </span>
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
          disabled={apply.pending}
          aria-label={`Apply ${finding.networks.join(", ")} as the allowed addresses of ${keyName}`}
          onClick={() => apply.run({ keyId, allowedAddresses: finding.networks.join("\n") })}
        >
          Apply
        </Button>
      );
    case "unused":
      return (
        <>
          <Link
            href={apiKeyPath(keyId)}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
          >
            Revoke
          </Link>
          <Button variant="secondary" disabled={keep.pending} onClick={() => keep.run({ keyId })}>
            Keep
          </Button>
        </>
      );
    case "never_expires":
      return (
        <Link
          href={apiKeyPath(keyId)}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50"
        >
          Set an expiry
        </Link>
      );
    default:
      return null;
  }
}

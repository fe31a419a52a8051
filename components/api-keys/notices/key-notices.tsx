"use client";

import { CalendarClockIcon, ExternalLinkIcon } from "lucide-react";
import { type MouseEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Timestamp, useNow } from "@/components/ui/timestamp";
import { TooltipProvider } from "@/components/ui/tooltip";
import { dismissKeyLeakAction } from "@/lib/actions/dismiss-key-leak";
import { DAY_MS } from "@/lib/api-keys/expiry";
import { keyStatus } from "@/lib/api-keys/state";
import type { LeakNotice } from "@/lib/api-keys/views/notices";
import type { ApiKeyRow } from "@/lib/api-keys/views/rows";
import { formatTimeUntil } from "@/lib/format/dates";
import type { KeyDialogKind, KeyDialogTarget } from "../dialogs/dialog-target";
import { ExpiryKeyDialog } from "../dialogs/expiry-key-dialog";
import { RollKeyDialog } from "../dialogs/roll-key-dialog";
import { DismissableNotice, NOTICE_CARD } from "./dismissable-notice";

/** Keys expiring this soon are listed with a one-click roll or expiry change. */
const EXPIRING_WITHIN_MS = 7 * DAY_MS;

/**
 * The notices above the key table: keys secret scanning found in public and we revoked (until an
 * admin dismisses them), then active keys that expire within 7 days. The expiring list is worked
 * out from the table's rows here, so it costs the page no query of its own.
 */
export function KeyNotices({
  leaks,
  rows,
  renderedAt,
}: {
  leaks: LeakNotice[];
  rows: ApiKeyRow[];
  renderedAt: string;
}) {
  const now = useNow(renderedAt);
  const expiring = rows
    .filter((row) => {
      if (row.expiresAt === null || keyStatus(row, now) !== "active") return false;
      return new Date(row.expiresAt).getTime() - now.getTime() <= EXPIRING_WITHIN_MS;
    })
    .sort((a, b) => (a.expiresAt ?? "").localeCompare(b.expiresAt ?? ""));
  if (leaks.length === 0 && expiring.length === 0) return null;
  return (
    <TooltipProvider>
      <div className="space-y-3">
        {leaks.map((leak) => (
          <LeakCard key={leak.id} leak={leak} now={now} />
        ))}
        {expiring.length > 0 ? <ExpiringKeys rows={expiring} now={now} /> : null}
      </div>
    </TooltipProvider>
  );
}

function LeakCard({ leak, now }: { leak: LeakNotice; now: Date }) {
  return (
    <DismissableNotice
      kind="leak"
      noticeId={leak.id}
      keyName={leak.keyName}
      action={dismissKeyLeakAction}
      input={{ leakId: leak.id }}
      title={
        <>
          “{leak.keyName}” was found {leak.foundWhere} and has been revoked
        </>
      }
      dismissLabel={`Dismiss the notice about “${leak.keyName}”`}
    >
      <p>
        GitHub secret scanning reported the key{" "}
        <code className="rounded bg-white/70 px-1.5 py-0.5 font-mono text-xs ring-1 ring-red-200">
          {leak.keyPrefix}…
        </code>{" "}
        and we revoked it on <Timestamp iso={leak.revokedAt} now={now} />, so nobody can use it. Integrations that still
        use it now get 401 errors.
        {leak.url ? (
          <>
            {" "}
            <a
              href={leak.url}
              target="_blank"
              rel="noopener noreferrer nofollow"
              className="inline-flex items-center gap-1 font-medium text-red-800 underline underline-offset-2 hover:text-red-950"
            >
              See where it was found
              <ExternalLinkIcon className="h-3.5 w-3.5" />
              <span className="sr-only">(opens in a new tab)</span>
            </a>
          </>
        ) : null}
      </p>
      <div>
        <h3 className="font-medium">What to do next</h3>
        <ol className="mt-1 list-decimal space-y-0.5 pl-5">
          <li>Create a replacement key with Create New Key.</li>
          <li>Put the new key in the integration that used this one.</li>
          <li>Remove the old key from the file and from its history: a new commit alone leaves it public.</li>
        </ol>
      </div>
    </DismissableNotice>
  );
}

function ExpiringKeys({ rows, now }: { rows: ApiKeyRow[]; now: Date }) {
  const [dialog, setDialog] = useState<(KeyDialogTarget & { kind: KeyDialogKind }) | null>(null);
  const close = () => setDialog(null);
  const open = (kind: KeyDialogKind, key: ApiKeyRow) => (event: MouseEvent<HTMLButtonElement>) =>
    setDialog({ kind, key, trigger: event.currentTarget });
  const one = rows.length === 1;
  const title = one ? "1 key expires within 7 days" : `${rows.length} keys expire within 7 days`;
  return (
    <section aria-labelledby="expiring-keys-title" data-testid="expiring-notice">
      <Callout tone="warning" icon={CalendarClockIcon} className={NOTICE_CARD}>
        <div className="space-y-3">
          <div className="space-y-1">
            <h2 id="expiring-keys-title" className="text-base font-semibold">
              {title}
            </h2>
            <p className="text-amber-900">
              {one ? "After that, requests with it get 401 errors." : "After that, requests with them get 401 errors."}{" "}
              Roll a key to get its replacement (the old one keeps working for the grace period you choose), or give it
              more time.
            </p>
          </div>
          <ul className="divide-y divide-amber-200/70 rounded-lg border border-amber-200 bg-white">
            {rows.map((row) => (
              <li
                key={row.id}
                data-key-id={row.id}
                className="flex flex-col gap-2 px-3 py-2.5 sm:flex-row sm:items-center sm:justify-between"
              >
                <div className="min-w-0">
                  <p className="font-medium break-words text-slate-900">{row.name}</p>
                  <p className="text-xs text-slate-600">
                    <code className="font-mono">{row.maskedKey.replace(/\*+$/, "")}…</code> · expires{" "}
                    {formatTimeUntil(new Date(row.expiresAt ?? 0), now)}
                  </p>
                </div>
                <div className="flex shrink-0 gap-2">
                  <Button
                    variant="secondary"
                    className="px-3 py-1.5"
                    onClick={open("roll", row)}
                    aria-label={`Roll “${row.name}”`}
                  >
                    Roll
                  </Button>
                  <Button
                    variant="secondary"
                    className="px-3 py-1.5"
                    onClick={open("expiry", row)}
                    aria-label={`Change expiry of “${row.name}”`}
                  >
                    Change expiry
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </div>
      </Callout>
      <RollKeyDialog target={dialog?.kind === "roll" ? dialog : null} onClose={close} />
      <ExpiryKeyDialog target={dialog?.kind === "expiry" ? dialog : null} onClose={close} />
    </section>
  );
}

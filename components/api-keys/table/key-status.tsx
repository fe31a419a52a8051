"use client";

import { ClockIcon } from "lucide-react";
import { useHydrated } from "@/components/ui/timestamp";
import { Tooltip } from "@/components/ui/tooltip";
import { keyStatus } from "@/lib/api-keys/state";
import type { ApiKeyRow } from "@/lib/api-keys/views/rows";
import { formatExactTime, formatTimeUntil } from "@/lib/format/dates";

const FOCUSABLE_HINT = "cursor-default rounded-sm focus-visible:ring-2 focus-visible:ring-brand-500/40";

/**
 * Under a key's name, for keys that no longer hold a slot: "Rolling — expires in 23 hours" (a
 * rolled key in its grace period, listed right below its replacement) or "Expired". Active
 * keys show nothing here; their expiry is under Created On.
 */
export function KeyStatusBadge({ row, now }: { row: ApiKeyRow; now: Date }) {
  const hydrated = useHydrated();
  const status = keyStatus(row, now);
  if (status === "active" || row.expiresAt === null) return null;
  const expiresAt = new Date(row.expiresAt);
  const exact = formatExactTime(expiresAt, hydrated ? undefined : "UTC");
  if (status === "rolling") {
    return (
      <Tooltip content={`Replaced by the new key above. This one stops working on ${exact}.`}>
        <span
          // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users reach the exact time too
          tabIndex={0}
          data-testid="key-status"
          className={`mt-1 flex items-start gap-1 text-xs font-medium text-amber-800 ${FOCUSABLE_HINT}`}
        >
          <ClockIcon className="mt-px h-3.5 w-3.5 shrink-0" />
          <span>Rolling — expires {formatTimeUntil(expiresAt, now)}</span>
        </span>
      </Tooltip>
    );
  }
  return (
    <Tooltip content={`Stopped working on ${exact}. It doesn't count toward the limit; revoke it to clear it.`}>
      <span
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users reach the exact time too
        tabIndex={0}
        data-testid="key-status"
        className={`mt-1 inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200 ring-inset ${FOCUSABLE_HINT}`}
      >
        Expired
      </span>
    </Tooltip>
  );
}

/** Under Created On, for active keys: "Expires in 29 days" or "No expiry"; a button that changes it. */
export function ExpiryButton({
  row,
  now,
  onChange,
}: {
  row: ApiKeyRow;
  now: Date;
  onChange: (trigger: HTMLElement) => void;
}) {
  if (keyStatus(row, now) !== "active") return null;
  const label = row.expiresAt ? `Expires ${formatTimeUntil(new Date(row.expiresAt), now)}` : "No expiry";
  return (
    <Tooltip content="Change when this key expires">
      <button
        type="button"
        data-testid="key-expiry"
        aria-label={`${label}. Change when “${row.name}” expires`}
        onClick={(event) => onChange(event.currentTarget)}
        className="mt-0.5 block rounded-sm text-left text-xs whitespace-nowrap text-slate-500 underline decoration-slate-300 decoration-dotted underline-offset-4 hover:text-brand-700"
      >
        {label}
      </button>
    </Tooltip>
  );
}

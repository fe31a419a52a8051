"use client";

import { RefreshCwIcon } from "lucide-react";
import { useState } from "react";
import { Callout } from "@/components/ui/callout";
import type { rollApiKeyAction } from "@/lib/actions/roll-api-key";
import { type GraceChoice, lifetimeDays } from "@/lib/api-keys/expiry";
import { describePermissions } from "@/lib/api-keys/permissions";
import type { CarriedField } from "@/lib/api-keys/roll-carries";
import { previousInGrace } from "@/lib/api-keys/state";
import type { ApiKeyRow } from "@/lib/api-keys/views/rows";
import { formatTimeUntil } from "@/lib/format/dates";
import { ActionDialogFooter, ActionForm, FormError, KeyDialogHeader, KeyFacts } from "../forms/key-dialog-parts";
import type { KeyAction } from "../forms/use-key-action";

const GRACE_OPTIONS: Record<GraceChoice, { label: string; hint: string }> = {
  "1h": { label: "In 1 hour", hint: "Enough to update one config and redeploy." },
  "24h": { label: "In 24 hours", hint: "Time to switch over, and to check Last Used on both keys." },
  "7d": { label: "In 7 days", hint: "For consumers someone else has to update." },
  now: { label: "Now", hint: "Anything still using the old key fails at once. Use this if it leaked." },
};
/** The default first; "Now" last, as it is the one that can break a live integration. */
const ORDER: GraceChoice[] = ["24h", "1h", "7d", "now"];

export type RollInput = Parameters<typeof rollApiKeyAction>[0];

/**
 * What the dialog lists under "The new key keeps": every attribute lib/api-keys/roll-carries.ts
 * carries (the organization goes without saying), so a newly carried one (permissions, say)
 * does not compile until the dialog shows it.
 */
const KEPT: Record<
  Exclude<CarriedField, "organizationId"> | "expiresAt",
  { label: string; value: (key: ApiKeyRow) => string }
> = {
  name: { label: "Name", value: (key) => key.name },
  expiresAt: {
    label: "Expiry",
    value: (key) => {
      const days = key.expiresAt ? lifetimeDays(new Date(key.createdAt), new Date(key.expiresAt)) : null;
      return days === null ? "Never" : `${days} days from today`;
    },
  },
  permissions: { label: "Permissions", value: (key) => describePermissions(key.permissions) },
  allowedAddresses: {
    label: "Allowed addresses",
    value: (key) => {
      const entries = key.allowedAddresses;
      if (entries.length === 0) return "Any address";
      const shown = entries.slice(0, 3).join(", ");
      return entries.length > 3 ? `${shown} and ${entries.length - 3} more` : shown;
    },
  },
};

/** The roll dialog's first step: what rolling does, and when the old key should stop working. */
export function RollKeyForm({ apiKey, roll }: { apiKey: ApiKeyRow; roll: KeyAction<RollInput> }) {
  const [grace, setGrace] = useState<GraceChoice>("24h");
  const now = new Date();
  const previous = previousInGrace(apiKey, now);

  return (
    <ActionForm onSubmit={() => roll.run({ keyId: apiKey.id, grace })}>
      <KeyDialogHeader icon={RefreshCwIcon} title={`Roll “${apiKey.name}”?`}>
        You get a new key, shown once. The current key keeps working until the time you choose, so you can switch over
        without downtime.
      </KeyDialogHeader>

      <KeyFacts apiKey={apiKey} keyLabel="Current key" />

      <section aria-labelledby="roll-kept" className="mt-4" data-testid="roll-kept">
        <h3 id="roll-kept" className="text-sm font-medium text-slate-700">
          The new key keeps
        </h3>
        <dl className="mt-1.5 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          {Object.values(KEPT).map(({ label, value }) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="break-words text-slate-800">{value(apiKey)}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-1.5 text-xs text-slate-600">
          It starts with no Last Used or request history, and with you as its creator.
        </p>
      </section>

      {previous ? (
        <Callout tone="warning" className="mt-4">
          <p data-testid="roll-ends-previous">
            The key this one replaced ({previous.maskedKey.replace(/\*+$/, "")}…) still works until its grace period
            ends {formatTimeUntil(new Date(previous.expiresAt ?? now), now)}. Rolling again stops it now: only the
            latest old key keeps a grace period.
          </p>
        </Callout>
      ) : null}

      <fieldset className="mt-5">
        <legend className="text-sm font-medium text-slate-700">When should the current key stop working?</legend>
        <div className="mt-2 space-y-2">
          {ORDER.map((choice) => (
            <label
              key={choice}
              className="flex cursor-pointer gap-3 rounded-lg border border-slate-200 px-3 py-2.5 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50/60"
            >
              <input
                type="radio"
                name="grace"
                value={choice}
                checked={grace === choice}
                onChange={() => setGrace(choice)}
                className="mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
              />
              <span className="min-w-0 text-sm">
                <span className="block font-medium text-slate-900">{GRACE_OPTIONS[choice].label}</span>
                <span className="block text-xs text-slate-600">{GRACE_OPTIONS[choice].hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <FormError error={roll.error} />
      <ActionDialogFooter label="Roll key" pendingLabel="Rolling…" pending={roll.pending} />
    </ActionForm>
  );
}

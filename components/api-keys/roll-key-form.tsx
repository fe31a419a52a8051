"use client";

import { RefreshCwIcon } from "lucide-react";
import { useState } from "react";
import type { rollApiKeyAction } from "@/lib/actions/roll-api-key";
import { type GraceChoice, lifetimeDays } from "@/lib/api-keys/expiry";
import type { ApiKeyRow } from "@/lib/api-keys/rows";
import { ActionDialogFooter, ActionForm, FormError, KeyDialogHeader, KeyFacts } from "./key-dialog-parts";
import type { KeyAction } from "./use-key-action";

const GRACE_OPTIONS: Record<GraceChoice, { label: string; hint: string }> = {
  "1h": { label: "In 1 hour", hint: "Enough to update one config and redeploy." },
  "24h": { label: "In 24 hours", hint: "Time to switch over, and to check Last Used on both keys." },
  "7d": { label: "In 7 days", hint: "For consumers someone else has to update." },
  now: { label: "Now", hint: "Anything still using the old key fails at once. Use this if it leaked." },
};
/** The default first; "Now" last, as it is the one that can break a live integration. */
const ORDER: GraceChoice[] = ["24h", "1h", "7d", "now"];

export type RollInput = Parameters<typeof rollApiKeyAction>[0];

/** The roll dialog's first step: what rolling does, and when the old key should stop working. */
export function RollKeyForm({ apiKey, roll }: { apiKey: ApiKeyRow; roll: KeyAction<RollInput> }) {
  const [grace, setGrace] = useState<GraceChoice>("24h");
  const lifetime = apiKey.expiresAt ? lifetimeDays(new Date(apiKey.createdAt), new Date(apiKey.expiresAt)) : null;

  return (
    <ActionForm onSubmit={() => roll.run({ keyId: apiKey.id, grace })}>
      <KeyDialogHeader icon={RefreshCwIcon} title={`Roll “${apiKey.name}”?`}>
        You get a new key with the same name{lifetime ? `, valid for ${lifetime} days` : ""}, shown once. The current
        key keeps working until the time you choose, so you can switch over without downtime.
      </KeyDialogHeader>

      <KeyFacts apiKey={apiKey} keyLabel="Current key" />

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

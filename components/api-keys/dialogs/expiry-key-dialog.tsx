"use client";

import { ClockIcon } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Select } from "@/components/ui/select";
import { changeApiKeyExpiryAction } from "@/lib/actions/change-api-key-expiry";
import { EXPIRY_LABELS, type ExpiryChoice } from "@/lib/api-keys/expiry";
import type { ApiKeyRow } from "@/lib/api-keys/views/rows";
import { formatDay, formatTimeUntil } from "@/lib/format/dates";
import { ActionDialogFooter, ActionForm, Field, FormError, KeyDialogHeader } from "../forms/key-dialog-parts";
import { type KeyAction, useKeyAction } from "../forms/use-key-action";
import { expiryChoicesWithin, useKeyPolicy } from "../policies/key-policy-context";
import type { KeyDialogTarget } from "./dialog-target";
import { KeyDialog } from "./key-dialog";

const FIELD = "change-api-key-expiry";

type ExpiryInput = Parameters<typeof changeApiKeyExpiryAction>[0];

/** Changes when an active key expires, counted from today (or removes its expiry). */
export function ExpiryKeyDialog({ target, onClose }: { target: KeyDialogTarget | null; onClose: () => void }) {
  const change = useKeyAction(changeApiKeyExpiryAction, {
    onSuccess: (result) => {
      toast.success(
        result.expiresAt
          ? `“${result.name}” now expires on ${formatDay(new Date(result.expiresAt))}.`
          : `“${result.name}” no longer expires.`,
      );
      onClose();
    },
  });
  return (
    <KeyDialog target={target} onClose={onClose} action={change}>
      {(key) => <ExpiryForm apiKey={key} change={change} />}
    </KeyDialog>
  );
}

function ExpiryForm({ apiKey, change }: { apiKey: ApiKeyRow; change: KeyAction<ExpiryInput> }) {
  const [choice, setChoice] = useState<ExpiryChoice | "">("");
  const now = new Date();
  // Only what the organization's "Maximum key lifetime" allows (the server refuses the rest).
  const { maxKeyLifetimeDays } = useKeyPolicy();
  return (
    <ActionForm onSubmit={() => choice !== "" && change.run({ keyId: apiKey.id, expiry: choice })}>
      <KeyDialogHeader icon={ClockIcon} title={`Change when “${apiKey.name}” expires`}>
        {apiKey.expiresAt
          ? `Currently expires ${formatTimeUntil(new Date(apiKey.expiresAt), now)} (${formatDay(new Date(apiKey.expiresAt))}).`
          : "Currently never expires."}{" "}
        The new expiry counts from today. When it passes, the key stops working and frees its slot.
        {maxKeyLifetimeDays === null
          ? null
          : ` Your organization's policy: keys expire within ${maxKeyLifetimeDays} days.`}
      </KeyDialogHeader>

      <Field id={FIELD} label="New expiry, from today">
        <Select
          id={FIELD}
          value={choice}
          onChange={(event) => setChoice(event.target.value as ExpiryChoice)}
          className="sm:w-64"
        >
          <option value="" disabled>
            Choose…
          </option>
          {expiryChoicesWithin(maxKeyLifetimeDays).map((option) => (
            <option key={option} value={option}>
              {option === "never" ? "Never expires" : `In ${EXPIRY_LABELS[option]}`}
            </option>
          ))}
        </Select>
      </Field>

      <FormError error={change.error} />
      <ActionDialogFooter
        label="Save expiry"
        pendingLabel="Saving…"
        pending={change.pending}
        disabled={choice === ""}
      />
    </ActionForm>
  );
}

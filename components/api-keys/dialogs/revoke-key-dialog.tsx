"use client";

import { TriangleAlertIcon } from "lucide-react";
import { useRef } from "react";
import { toast } from "sonner";
import { revokeApiKeyAction } from "@/lib/actions/revoke-api-key";
import { keyStatus, previousInGrace } from "@/lib/api-keys/state";
import { ActionDialogFooter, ActionForm, KeyDialogHeader, KeyFacts } from "../forms/key-dialog-parts";
import { useKeyAction } from "../forms/use-key-action";
import type { KeyDialogTarget } from "./dialog-target";
import { KeyDialog } from "./key-dialog";

const CONSEQUENCE = {
  active:
    "Revocation is immediate and permanent. Any system using this key will start receiving authentication errors.",
  rolling:
    "This key is being replaced and still works until its grace period ends. Revoking it stops it now, permanently: anything not yet switched to the new key will start receiving authentication errors.",
  expired: "This key has already expired and no longer works. Revoking it removes it from the table for good.",
} as const;

/** Confirms revoking one key, naming it; revocation is immediate and frees the key's slot. */
export function RevokeKeyDialog({ target, onClose }: { target: KeyDialogTarget | null; onClose: () => void }) {
  // After a revoke the row (and its Revoke button) is gone: focus goes to the usage meter,
  // which shows the slot the revoke freed.
  const rowGone = useRef(false);
  const revoke = useKeyAction(revokeApiKeyAction, {
    onSuccess: (result) => {
      rowGone.current = true;
      // Expired and rolling keys held no slot: only an active key's revoke frees one — unless the
      // key it replaced still works, which then takes the slot back (slotKeyWhere).
      const now = new Date();
      const freed =
        target && keyStatus(target.key, now) === "active" && !previousInGrace(target.key, now)
          ? " Its slot is free again."
          : "";
      toast.success(`“${result.name}” was revoked.${freed}`);
      onClose();
    },
    // The toast says why; the dialog closes, unless the session ended (sign-in comes next).
    // Already revoked elsewhere, say: the refreshed table shows it as it is now.
    onFailure: (failure) => {
      if (failure.code === "unauthenticated") return;
      rowGone.current = failure.code === "not_found";
      onClose();
    },
  });

  return (
    <KeyDialog target={target} onClose={onClose} action={revoke} triggerGone={rowGone}>
      {(key) => (
        <ActionForm onSubmit={() => revoke.run({ keyId: key.id })}>
          <KeyDialogHeader icon={TriangleAlertIcon} tone="danger" title={`Revoke “${key.name}”?`}>
            {CONSEQUENCE[keyStatus(key, new Date())]}
            {previousInGrace(key, new Date())
              ? " The key it replaced keeps working until its own grace period ends, and takes back its slot."
              : ""}
          </KeyDialogHeader>
          <KeyFacts apiKey={key} keyLabel="API key" showCreator />
          <ActionDialogFooter label="Revoke key" pendingLabel="Revoking…" pending={revoke.pending} danger />
        </ActionForm>
      )}
    </KeyDialog>
  );
}

"use client";

import { usePathname, useRouter } from "next/navigation";
import { useRef, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { IconBadge } from "@/components/ui/callout";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { AlertTriangleIcon } from "@/components/ui/icons";
import { revokeApiKeyAction } from "@/lib/actions/revoke-api-key";
import type { ApiKeyRow } from "@/lib/api-keys/rows";
import { keyStatus } from "@/lib/api-keys/state";
import { formatRelativeTime } from "@/lib/format/dates";
import type { KeyDialogTarget } from "./dialog-target";
import { FOCUS_TARGETS, focusFirstAvailable } from "./focus";

/** The row's Revoke button is the trigger: focus goes back to it when the dialog is cancelled. */
export type RevokeTarget = KeyDialogTarget;

const CONSEQUENCE = {
  active:
    "Revocation is immediate and permanent. Any system using this key will start receiving authentication errors.",
  rolling:
    "This key is being replaced and still works until its grace period ends. Revoking it stops it now, permanently: anything not yet switched to the new key will start receiving authentication errors.",
  expired: "This key has already expired and no longer works. Revoking it removes it from the table for good.",
} as const;

/** Confirms revoking one key, naming it; revocation is immediate and frees the key's slot. */
export function RevokeKeyDialog({ target, onClose }: { target: RevokeTarget | null; onClose: () => void }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  // After a revoke the row (and its Revoke button) is gone: focus must go somewhere useful.
  const rowGone = useRef(false);

  function revoke(key: ApiKeyRow) {
    startTransition(async () => {
      const result = await revokeApiKeyAction({ keyId: key.id });
      if (result.ok) {
        rowGone.current = true;
        // Expired and rolling keys held no slot: only an active key's revoke frees one.
        const freed = keyStatus(key, new Date()) === "active" ? " Its slot is free again." : "";
        toast.success(`“${result.name}” was revoked.${freed}`);
        onClose();
        return;
      }
      toast.error(result.error);
      if (result.code === "unauthenticated") {
        router.push(`/login?callbackUrl=${encodeURIComponent(pathname)}`);
        return;
      }
      // Already revoked elsewhere, say: show the table as it is now.
      rowGone.current = result.code === "not_found";
      onClose();
      router.refresh();
    });
  }

  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => {
        if (!open && !pending) onClose();
      }}
    >
      {target ? (
        <DialogContent
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            const gone = rowGone.current || !target.trigger.isConnected;
            rowGone.current = false;
            // Back to the row's Revoke button; if the row went, to the usage meter, which
            // always exists and shows the slot the revoke freed.
            if (gone) focusFirstAvailable(FOCUS_TARGETS.usage);
            else target.trigger.focus();
          }}
        >
          <DialogHeader
            icon={
              <IconBadge tone="danger">
                <AlertTriangleIcon />
              </IconBadge>
            }
          >
            <DialogTitle className="break-words">Revoke “{target.key.name}”?</DialogTitle>
            <DialogDescription>{CONSEQUENCE[keyStatus(target.key, new Date())]}</DialogDescription>
          </DialogHeader>

          <dl className="mt-5 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
            <dt className="text-slate-500">API key</dt>
            <dd className="truncate font-mono text-[13px] text-slate-800">{target.key.maskedKey}</dd>
            <dt className="text-slate-500">Created by</dt>
            <dd className="text-slate-800">{target.key.createdByName ?? "Unknown"}</dd>
            <dt className="text-slate-500">Last used</dt>
            <dd className="text-slate-800">
              {target.key.lastUsedAt ? formatRelativeTime(new Date(target.key.lastUsedAt), new Date()) : "Never"}
            </dd>
          </dl>

          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button variant="danger" onClick={() => revoke(target.key)} disabled={pending}>
              {pending ? "Revoking…" : "Revoke key"}
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

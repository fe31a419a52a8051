"use client";

import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Callout, IconBadge } from "@/components/ui/callout";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { ClockIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/select";
import { changeApiKeyExpiryAction } from "@/lib/actions/change-api-key-expiry";
import { EXPIRY_CHOICES, EXPIRY_LABELS, type ExpiryChoice } from "@/lib/api-keys/expiry";
import { formatDay, formatTimeUntil } from "@/lib/format/dates";
import { type KeyDialogTarget, returnFocus } from "./dialog-target";
import { FOCUS_TARGETS } from "./focus";

const FIELD = "change-api-key-expiry";

/** Changes when an active key expires, counted from today (or removes its expiry). */
export function ExpiryKeyDialog({ target, onClose }: { target: KeyDialogTarget | null; onClose: () => void }) {
  const router = useRouter();
  const pathname = usePathname();
  const [choice, setChoice] = useState<ExpiryChoice | "">("");
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function reset() {
    setChoice("");
    setFormError(null);
  }

  function submit(event: FormEvent<HTMLFormElement>, key: KeyDialogTarget["key"]) {
    event.preventDefault();
    if (choice === "") return;
    startTransition(async () => {
      const result = await changeApiKeyExpiryAction({ keyId: key.id, expiry: choice });
      if (result.ok) {
        toast.success(
          result.expiresAt
            ? `“${result.name}” now expires on ${formatDay(new Date(result.expiresAt))}.`
            : `“${result.name}” no longer expires.`,
        );
        reset();
        onClose();
        return;
      }
      setFormError(result.error);
      toast.error(result.error);
      if (result.code === "unauthenticated") router.push(`/login?callbackUrl=${encodeURIComponent(pathname)}`);
      else router.refresh();
    });
  }

  const now = new Date();
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => {
        if (open || pending) return;
        reset();
        onClose();
      }}
    >
      {target ? (
        <DialogContent
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocus(target, FOCUS_TARGETS.usage);
          }}
        >
          <form onSubmit={(event) => submit(event, target.key)} noValidate>
            <DialogHeader
              icon={
                <IconBadge>
                  <ClockIcon />
                </IconBadge>
              }
            >
              <DialogTitle className="break-words">Change when “{target.key.name}” expires</DialogTitle>
              <DialogDescription>
                {target.key.expiresAt
                  ? `Currently expires ${formatTimeUntil(new Date(target.key.expiresAt), now)} (${formatDay(new Date(target.key.expiresAt))}).`
                  : "Currently never expires."}{" "}
                The new expiry counts from today. When it passes, the key stops working and frees its slot.
              </DialogDescription>
            </DialogHeader>

            <div className="mt-5 space-y-1.5">
              <label htmlFor={FIELD} className="block text-sm font-medium text-slate-700">
                New expiry, from today
              </label>
              <Select
                id={FIELD}
                value={choice}
                onChange={(event) => setChoice(event.target.value as ExpiryChoice)}
                className="sm:w-64"
              >
                <option value="" disabled>
                  Choose…
                </option>
                {EXPIRY_CHOICES.map((option) => (
                  <option key={option} value={option}>
                    {option === "never" ? "Never expires" : `In ${EXPIRY_LABELS[option]}`}
                  </option>
                ))}
              </Select>
            </div>

            {formError ? (
              <Callout tone="danger" role="alert" className="mt-4">
                <p>{formError}</p>
              </Callout>
            ) : null}

            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" disabled={pending || choice === ""}>
                {pending ? "Saving…" : "Save expiry"}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

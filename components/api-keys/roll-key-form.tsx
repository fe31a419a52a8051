"use client";

import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Callout, IconBadge } from "@/components/ui/callout";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { RotateIcon } from "@/components/ui/icons";
import { rollApiKeyAction } from "@/lib/actions/roll-api-key";
import { type GraceChoice, lifetimeDays } from "@/lib/api-keys/expiry";
import { formatRelativeTime } from "@/lib/format/dates";
import type { KeyDialogTarget } from "./dialog-target";
import type { RolledKey } from "./roll-key-dialog";

const GRACE_OPTIONS: Record<GraceChoice, { label: string; hint: string }> = {
  "1h": { label: "In 1 hour", hint: "Enough to update one config and redeploy." },
  "24h": { label: "In 24 hours", hint: "Time to switch over, and to check Last Used on both keys." },
  "7d": { label: "In 7 days", hint: "For consumers someone else has to update." },
  now: { label: "Now", hint: "Anything still using the old key fails at once. Use this if it leaked." },
};
/** The default first; "Now" last, as it is the one that can break a live integration. */
const ORDER: GraceChoice[] = ["24h", "1h", "7d", "now"];

/** The roll dialog's first step: what rolling does, and when the old key should stop working. */
export function RollKeyForm({
  target,
  onRolled,
  onPending,
  onCancel,
}: {
  target: KeyDialogTarget;
  onRolled: (rolled: RolledKey) => void;
  onPending: (pending: boolean) => void;
  onCancel: () => void;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [grace, setGrace] = useState<GraceChoice>("24h");
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { key } = target;
  const lifetime = key.expiresAt ? lifetimeDays(new Date(key.createdAt), new Date(key.expiresAt)) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    onPending(true);
    startTransition(async () => {
      const result = await rollApiKeyAction({ keyId: key.id, grace });
      onPending(false);
      if (result.ok) {
        toast.success(`“${result.name}” has a new key.`);
        onRolled({
          key: result.key,
          name: result.name,
          oldExpiresAt: result.oldExpiresAt,
          oldPrefix: key.maskedKey.replace(/\*+$/, ""),
        });
        return;
      }
      setFormError(result.error);
      toast.error(result.error);
      if (result.code === "unauthenticated") router.push(`/login?callbackUrl=${encodeURIComponent(pathname)}`);
      else router.refresh(); // rolled or revoked by someone else meanwhile: show the table as it is now
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <DialogHeader
        icon={
          <IconBadge>
            <RotateIcon />
          </IconBadge>
        }
      >
        <DialogTitle className="break-words">Roll “{key.name}”?</DialogTitle>
        <DialogDescription>
          You get a new key with the same name{lifetime ? `, valid for ${lifetime} days` : ""}, shown once. The current
          key keeps working until the time you choose, so you can switch over without downtime.
        </DialogDescription>
      </DialogHeader>

      <dl className="mt-5 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
        <dt className="text-slate-500">Current key</dt>
        <dd className="truncate font-mono text-[13px] text-slate-800">{key.maskedKey}</dd>
        <dt className="text-slate-500">Last used</dt>
        <dd className="text-slate-800">
          {key.lastUsedAt ? formatRelativeTime(new Date(key.lastUsedAt), new Date()) : "Never"}
        </dd>
      </dl>

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

      {formError ? (
        <Callout tone="danger" role="alert" className="mt-4">
          <p>{formError}</p>
        </Callout>
      ) : null}

      <DialogFooter>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Rolling…" : "Roll key"}
        </Button>
      </DialogFooter>
    </form>
  );
}

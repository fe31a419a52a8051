"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button, buttonClass } from "@/components/ui/button";
import { Callout, IconBadge } from "@/components/ui/callout";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

function selectContents(element: HTMLElement | null) {
  if (!element) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/**
 * An endpoint's signing secret, shown this once (after Add endpoint and after Roll secret), with
 * a copy button: as the key popup shows a new key (components/api-keys/dialogs/created-key-view.tsx).
 * The secret lives only in the dialog's state; the server keeps it sealed and never shows it again.
 */
export function SigningSecretView({
  secret,
  description,
  onDone,
}: {
  secret: string;
  description: ReactNode;
  onDone: () => void;
}) {
  const secretRef = useRef<HTMLElement>(null);
  const copyRef = useRef<HTMLButtonElement>(null);
  const [copied, setCopied] = useState(false);

  // The form that had focus is gone: put it on the one thing to do next.
  useEffect(() => copyRef.current?.focus(), []);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      selectContents(secretRef.current);
      toast.error("Couldn't copy automatically. The secret is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
    }
  }

  return (
    <>
      <DialogHeader
        icon={
          <IconBadge tone="success">
            <CheckIcon />
          </IconBadge>
        }
      >
        <DialogTitle>Save the signing secret</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>

      <fieldset className="mt-5 min-w-0 space-y-2">
        <legend className="mb-2 text-sm font-medium text-slate-700">Signing secret</legend>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-stretch">
          <code
            ref={secretRef}
            data-testid="webhook-secret"
            className="min-w-0 flex-1 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2.5 font-mono text-[13px] leading-5 break-all text-slate-900 select-all"
          >
            {secret}
          </code>
          <button ref={copyRef} type="button" onClick={copy} className={buttonClass("secondary", "shrink-0 sm:w-28")}>
            {copied ? <CheckIcon className="h-4 w-4 text-emerald-600" /> : <CopyIcon className="h-4 w-4" />}
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
        <p aria-live="polite" className="sr-only">
          {copied ? "Signing secret copied to the clipboard." : ""}
        </p>
      </fieldset>

      <Callout tone="warning" className="mt-4">
        <p>
          <strong className="font-semibold">This secret is shown only this once.</strong> Store it where your receiver
          verifies signatures. If you lose it, roll the secret on the endpoint's page.
        </p>
      </Callout>

      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}

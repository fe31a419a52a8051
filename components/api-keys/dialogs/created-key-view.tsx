"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button, buttonClass } from "@/components/ui/button";
import { Callout, IconBadge } from "@/components/ui/callout";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

export interface CreatedKey {
  key: string;
  name: string;
}

function selectContents(element: HTMLElement | null) {
  if (!element) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/** The full key, shown this once, with a copy button: after Create Key, and after a roll. */
export function CreatedKeyView({
  created,
  onDone,
  description,
}: {
  created: CreatedKey;
  onDone: () => void;
  /** What happened, for the dialog's description; by default, that the new key is ready. */
  description?: ReactNode;
}) {
  const keyRef = useRef<HTMLElement>(null);
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
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      selectContents(keyRef.current);
      toast.error("Couldn't copy automatically. The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
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
        <DialogTitle>Save your new API key</DialogTitle>
        <DialogDescription>
          {description ??
            `“${created.name}” is ready. Copy the key now and store it securely, for example in a secret manager.`}
        </DialogDescription>
      </DialogHeader>

      <fieldset className="mt-5 min-w-0 space-y-2">
        <legend className="mb-2 text-sm font-medium text-slate-700">API key</legend>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-stretch">
          <code
            ref={keyRef}
            data-testid="created-api-key"
            className="min-w-0 flex-1 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2.5 font-mono text-[13px] leading-5 break-all text-slate-900 select-all"
          >
            {created.key}
          </code>
          <button ref={copyRef} type="button" onClick={copy} className={buttonClass("secondary", "shrink-0 sm:w-28")}>
            {copied ? <CheckIcon className="h-4 w-4 text-emerald-600" /> : <CopyIcon className="h-4 w-4" />}
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
        <p aria-live="polite" className="sr-only">
          {copied ? "API key copied to the clipboard." : ""}
        </p>
      </fieldset>

      <Callout tone="warning" className="mt-4">
        <p>
          <strong className="font-semibold">You won't be able to see this key again.</strong> If you lose it, revoke it
          and create a new one.
        </p>
      </Callout>

      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}

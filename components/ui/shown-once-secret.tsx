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
 * A secret the server returns once (a new API key, a webhook signing secret) in its dialog, with
 * a Copy button that falls back to selecting it. The value lives only in this component's props:
 * nothing stores it, and the page never shows it again.
 */
export function ShownOnceSecret({
  title,
  description,
  label,
  noun,
  value,
  testId,
  warning,
  onDone,
}: {
  title: string;
  description: ReactNode;
  /** What the value is, e.g. "API key": the field's legend and the copy messages say it. */
  label: string;
  /** The value in a sentence: "key", "secret". */
  noun: string;
  value: string;
  testId: string;
  /** Why it is shown once and what to do if it is lost. */
  warning: ReactNode;
  onDone: () => void;
}) {
  const valueRef = useRef<HTMLElement>(null);
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
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      selectContents(valueRef.current);
      toast.error(`Couldn't copy automatically. The ${noun} is selected: press Ctrl+C (⌘C on a Mac) to copy it.`);
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
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>

      <fieldset className="mt-5 min-w-0 space-y-2">
        <legend className="mb-2 text-sm font-medium text-slate-700">{label}</legend>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-stretch">
          <code
            ref={valueRef}
            data-testid={testId}
            className="min-w-0 flex-1 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2.5 font-mono text-[13px] leading-5 break-all text-slate-900 select-all"
          >
            {value}
          </code>
          <button ref={copyRef} type="button" onClick={copy} className={buttonClass("secondary", "shrink-0 sm:w-28")}>
            {copied ? <CheckIcon className="h-4 w-4 text-emerald-600" /> : <CopyIcon className="h-4 w-4" />}
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
        <p aria-live="polite" className="sr-only">
          {copied ? `${label} copied to the clipboard.` : ""}
        </p>
      </fieldset>

      <Callout tone="warning" className="mt-4">
        <p>{warning}</p>
      </Callout>

      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}

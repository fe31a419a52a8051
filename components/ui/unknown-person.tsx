"use client";

import { Tooltip } from "@/components/ui/tooltip";

/** "Unknown" in place of someone who left the workspace, with the reason on hover and on focus. */
export function UnknownPerson({ reason }: { reason: string }) {
  return (
    <Tooltip content={reason}>
      <span
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users get the explanation
        tabIndex={0}
        className="cursor-help rounded-sm text-slate-500 italic underline decoration-slate-300 decoration-dotted underline-offset-4"
      >
        Unknown
      </span>
    </Tooltip>
  );
}

"use client";

import { NetworkIcon, ShieldAlertIcon, XIcon } from "lucide-react";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { useKeyAction } from "../forms/use-key-action";

/** The notices are the page's most urgent messages: a Callout, with a card's padding and shadow. */
export const NOTICE_CARD = "rounded-xl p-4 shadow-xs sm:p-5";

/** Each kind's callout, its Dismiss button's classes (in the callout's tone) and its spacing. */
const KINDS = {
  leak: {
    tone: "danger",
    icon: ShieldAlertIcon,
    dismissClass: "-mt-1 -mr-2 shrink-0 px-2 py-1 text-red-800 shadow-none hover:bg-red-100",
    spacing: "space-y-3",
  },
  "network-alert": {
    tone: "warning",
    icon: NetworkIcon,
    dismissClass: "-mt-1 -mr-2 shrink-0 px-2 py-1 text-amber-900 shadow-none hover:bg-amber-100",
    spacing: "space-y-2",
  },
} as const;

/** What a key action resolves to, as useKeyAction takes it. */
type ActionResult = Awaited<ReturnType<Parameters<typeof useKeyAction>[0]>>;

/**
 * A notice an admin dismisses: its titled card with the Dismiss button beside the title, the body,
 * and the dismissal's error below it. Leak and network notices differ only in tone and text.
 */
export function DismissableNotice<Input, Result extends ActionResult>({
  kind,
  noticeId,
  keyName,
  action,
  input,
  title,
  dismissLabel,
  children,
}: {
  kind: keyof typeof KINDS;
  /** The notice's id: its title's id is `${kind}-${noticeId}-title`. */
  noticeId: string;
  /** The key the notice is about, named in the toast once it is dismissed. */
  keyName: string;
  /** The dismiss action, and what it is given for this notice. */
  action: (input: Input) => Promise<Result>;
  input: Input;
  title: ReactNode;
  dismissLabel: string;
  children: ReactNode;
}) {
  const dismiss = useKeyAction(action, {
    onSuccess: () => toast.success(`Notice about “${keyName}” dismissed.`),
  });
  const { tone, icon, dismissClass, spacing } = KINDS[kind];
  const titleId = `${kind}-${noticeId}-title`;
  return (
    <section aria-labelledby={titleId} data-testid={`${kind}-notice`}>
      <Callout tone={tone} icon={icon} className={NOTICE_CARD}>
        <div className={spacing}>
          <div className="flex items-start justify-between gap-3">
            <h2 id={titleId} className="text-base font-semibold leading-snug break-words">
              {title}
            </h2>
            <Button
              variant="ghost"
              className={dismissClass}
              onClick={() => dismiss.run(input)}
              disabled={dismiss.pending}
              aria-label={dismissLabel}
            >
              <XIcon className="h-4 w-4" />
              <span className="hidden sm:inline">Dismiss</span>
            </Button>
          </div>
          {children}
          {dismiss.error ? (
            <p role="alert" className="text-red-800">
              {dismiss.error}
            </p>
          ) : null}
        </div>
      </Callout>
    </section>
  );
}

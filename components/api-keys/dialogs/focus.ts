import { canTakeFocus, focusFirstAvailable } from "@/components/ui/focus";
import type { KeyDialogTarget } from "./dialog-target";

/** Elements of Settings → API that focus falls back to when a key dialog's own trigger cannot take it. */
export const FOCUS_TARGETS = {
  createButton: "create-api-key-button",
  slotsMeter: "api-key-usage",
} as const;

/**
 * When a row dialog closes: back to the button that opened it, or, if that is gone or about to
 * go (its row was just revoked), to the usage meter, which always exists.
 */
export function returnFocus(target: KeyDialogTarget, { triggerGone = false } = {}): void {
  if (!triggerGone && canTakeFocus(target.trigger)) target.trigger.focus();
  else focusFirstAvailable(FOCUS_TARGETS.slotsMeter);
}

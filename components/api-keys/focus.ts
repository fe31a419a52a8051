import type { KeyDialogTarget } from "./dialog-target";

export const FOCUS_TARGETS = {
  createButton: "create-api-key-button",
  slotsMeter: "api-key-usage",
} as const;

function canTakeFocus(element: HTMLElement | null): element is HTMLElement {
  return element?.isConnected === true && !(element as HTMLButtonElement).disabled;
}

/**
 * Moves focus to the first of these elements that exists and can take it. Used when a dialog
 * closes and its trigger is gone (a revoked row) or disabled (the limit was just reached).
 */
export function focusFirstAvailable(...ids: string[]): void {
  for (const id of ids) {
    const element = document.getElementById(id);
    if (canTakeFocus(element)) {
      element.focus();
      return;
    }
  }
}

/**
 * When a row dialog closes: back to the button that opened it, or, if that is gone or about to
 * go (its row was just revoked), to the usage meter, which always exists.
 */
export function returnFocus(target: KeyDialogTarget, { triggerGone = false } = {}): void {
  if (!triggerGone && canTakeFocus(target.trigger)) target.trigger.focus();
  else focusFirstAvailable(FOCUS_TARGETS.slotsMeter);
}

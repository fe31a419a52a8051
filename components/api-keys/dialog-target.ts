import type { ApiKeyRow } from "@/lib/api-keys/rows";

/** The key a row dialog acts on, and the row button that opened it (focus returns there). */
export interface KeyDialogTarget {
  key: ApiKeyRow;
  trigger: HTMLElement;
}

export type KeyDialogKind = "rename" | "roll" | "revoke" | "expiry";

/** When a dialog closes: back to the button that opened it, or (if that is gone) to the usage meter. */
export function returnFocus(target: KeyDialogTarget, fallbackId: string): void {
  if (target.trigger.isConnected && !(target.trigger as HTMLButtonElement).disabled) target.trigger.focus();
  else document.getElementById(fallbackId)?.focus();
}

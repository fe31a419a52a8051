/**
 * Moves focus to the first of these elements that exists and can take it. Used when a dialog
 * closes and its trigger is gone (a revoked row) or disabled (the limit was just reached).
 */
export function focusFirstAvailable(...ids: string[]): void {
  for (const id of ids) {
    const element = document.getElementById(id);
    if (element && !(element as HTMLButtonElement).disabled) {
      element.focus();
      return;
    }
  }
}

export const FOCUS_TARGETS = {
  createButton: "create-api-key-button",
  usage: "api-key-usage",
} as const;

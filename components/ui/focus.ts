/** True when the element is on the page and not disabled, so focus() would land on it. */
export function canTakeFocus(element: HTMLElement | null): element is HTMLElement {
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

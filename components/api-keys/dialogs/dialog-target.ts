import type { ApiKeyRow } from "@/lib/api-keys/views/rows";

/** The key a row dialog acts on, and the row button that opened it (focus returns there). */
export interface KeyDialogTarget {
  key: ApiKeyRow;
  trigger: HTMLElement;
}

export type KeyDialogKind = "rename" | "roll" | "revoke" | "expiry";

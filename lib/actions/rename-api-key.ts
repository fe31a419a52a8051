"use server";

import type { RenameApiKeyInput } from "../api-keys/schemas";
import { nextRuntime, runAuthorized } from "./auth-action";
import { type RenameApiKeyResult, renameApiKeyOperation } from "./key-lifecycle";

/** Renames one of the signed-in admin's organization's keys; the key itself is unchanged. */
export async function renameApiKeyAction(input: RenameApiKeyInput): Promise<RenameApiKeyResult> {
  return runAuthorized(nextRuntime, renameApiKeyOperation, input);
}

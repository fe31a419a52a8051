"use server";

import type { ChangeApiKeyExpiryInput } from "../api-keys/schemas";
import { nextRuntime, runAuthorized } from "./auth-action";
import { type ChangeApiKeyExpiryResult, changeApiKeyExpiryOperation } from "./key-lifecycle";

/** Sets when one of the signed-in admin's organization's active keys expires, counted from now. */
export async function changeApiKeyExpiryAction(input: ChangeApiKeyExpiryInput): Promise<ChangeApiKeyExpiryResult> {
  return runAuthorized(nextRuntime, changeApiKeyExpiryOperation, input);
}

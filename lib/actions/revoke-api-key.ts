"use server";

import type { RevokeApiKeyInput } from "../api-keys/schemas";
import { type RevokeApiKeyResult, revokeApiKeyOperation } from "./api-keys";
import { nextRuntime, runAuthorized } from "./auth-action";

/** Revokes one of the signed-in admin's organization's keys, effective immediately. */
export async function revokeApiKeyAction(input: RevokeApiKeyInput): Promise<RevokeApiKeyResult> {
  return runAuthorized(nextRuntime, revokeApiKeyOperation, input);
}

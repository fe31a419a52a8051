"use server";

import type { CreateApiKeyInput } from "../api-keys/schemas";
import { type CreateApiKeyResult, createApiKeyOperation } from "./api-keys";
import { nextRuntime, runAuthorized } from "./auth-action";

/** Creates a key for the signed-in admin's organization and returns its full value once. */
export async function createApiKeyAction(input: CreateApiKeyInput): Promise<CreateApiKeyResult> {
  return runAuthorized(nextRuntime, createApiKeyOperation, input);
}

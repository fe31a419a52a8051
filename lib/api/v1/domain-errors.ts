import { IdempotencyKeyReused } from "../../api-keys/commands/create";
import { ApiKeyError, PermissionNotHeld } from "../../api-keys/errors";
import { API_ERROR_MESSAGES, ApiError } from "../errors";

/**
 * Runs a key command for the management API and turns its refusals into the API's errors: the
 * same sentences the UI shows, under the API's codes.
 */
export async function asApiCommand<Result>(command: () => Promise<Result>): Promise<Result> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof PermissionNotHeld) throw new ApiError("permission_not_held", error.message);
    if (error instanceof IdempotencyKeyReused) throw new ApiError("idempotency_key_reused", error.message);
    if (error instanceof ApiKeyError) {
      if (error.code === "limit_reached") throw new ApiError("key_limit_reached", error.message);
      if (error.code === "policy_violation") throw new ApiError("policy_violation", error.message);
      throw new ApiError("not_found", error.message || API_ERROR_MESSAGES.key_not_found);
    }
    throw error;
  }
}

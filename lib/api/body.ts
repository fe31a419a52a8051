import type { z } from "zod";
import { ApiError } from "./errors";

/** Bodies of the management API are small: a name, a few permissions and addresses. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads and parses a JSON body with its schema. Anything wrong is a 400 `bad_request` whose
 * message names the field (and changes nothing): not JSON, too large, or a field that fails.
 */
export async function parseBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.output<Schema>> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new ApiError("bad_request", "The request body is too large (64 KB at most).");
  let text: string;
  try {
    text = await request.text();
  } catch {
    throw new ApiError("bad_request", "The request body could not be read.");
  }
  if (text.length > MAX_BODY_BYTES) throw new ApiError("bad_request", "The request body is too large (64 KB at most).");
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", 'The request body must be JSON, e.g. {"name": "CI rotation"}.');
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : "body";
  const message = issue?.message ?? "is not valid";
  throw new ApiError("bad_request", field === "body" ? message : `${field}: ${message}`);
}

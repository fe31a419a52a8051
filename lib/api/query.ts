import type { z } from "zod";
import { ApiError } from "./errors";

/**
 * Parses the query parameters a schema declares (others are ignored). A bad value is a 400
 * `bad_request` whose message names the parameter, taken from the first failing one.
 */
export function parseQuery<Schema extends z.ZodObject>(schema: Schema, params: URLSearchParams): z.output<Schema> {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = params.get(name);
    if (value !== null) raw[name] = value;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? "query");
  const message = issue?.message ?? "is not valid";
  throw new ApiError(
    "bad_request",
    message.includes(name) ? message : `The ${name} query parameter is not valid: ${message}.`,
  );
}

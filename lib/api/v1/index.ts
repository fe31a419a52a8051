import type { Operation } from "../operation";
import { listActivity } from "./activity";
import { getCall, listCalls } from "./calls";
import { createKey, getKey, keyRequests, keyUsage, listKeys, revokeKey, rollKey, updateKey } from "./keys";
import { getMe } from "./me";

/**
 * Every keyed /api/v1 operation, in the order the OpenAPI document and /docs/api list them.
 * A route file serves some of these (routeHandlers); lib/api/v1/operations.test.ts checks that
 * each is served by exactly its route and declares a permission.
 */
// biome-ignore lint/suspicious/noExplicitAny: operations differ in their params' type
export const API_OPERATIONS: Operation<any>[] = [
  getMe,
  listCalls,
  getCall,
  listKeys,
  createKey,
  getKey,
  updateKey,
  revokeKey,
  rollKey,
  keyRequests,
  keyUsage,
  listActivity,
];

import { routeHandlers } from "@/lib/api/operation";
import { getKey, revokeKey, updateKey } from "@/lib/api/v1/keys";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(getKey, updateKey, revokeKey);

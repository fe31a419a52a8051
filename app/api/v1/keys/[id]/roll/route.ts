import { routeHandlers } from "@/lib/api/operation";
import { rollKey } from "@/lib/api/v1/keys";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(rollKey);

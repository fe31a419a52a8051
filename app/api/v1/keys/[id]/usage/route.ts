import { routeHandlers } from "@/lib/api/operation";
import { keyUsage } from "@/lib/api/v1/keys";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(keyUsage);

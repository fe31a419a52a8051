import { routeHandlers } from "@/lib/api/operation";
import { keyRequests } from "@/lib/api/v1/keys";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(keyRequests);

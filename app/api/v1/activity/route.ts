import { routeHandlers } from "@/lib/api/operation";
import { listActivity } from "@/lib/api/v1/activity";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(listActivity);

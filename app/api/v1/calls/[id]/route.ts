import { routeHandlers } from "@/lib/api/operation";
import { getCall } from "@/lib/api/v1/calls";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(getCall);

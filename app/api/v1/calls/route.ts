import { routeHandlers } from "@/lib/api/operation";
import { listCalls } from "@/lib/api/v1/calls";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(listCalls);

import { routeHandlers } from "@/lib/api/operation";
import { getMe } from "@/lib/api/v1/me";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(getMe);

import { routeHandlers } from "@/lib/api/operation";
import { createKey, listKeys } from "@/lib/api/v1/keys";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(listKeys, createKey);

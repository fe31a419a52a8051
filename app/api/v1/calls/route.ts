import { onlyGet } from "@/lib/api/methods";
import { parseQuery } from "@/lib/api/query";
import { callListResponseSchema, listCallsQuerySchema } from "@/lib/api/schemas";
import { withApiKey } from "@/lib/api/with-api-key";
import { listPublicCalls } from "@/lib/calls/queries";

export const GET = withApiKey(
  async (request, { org }) => {
    const query = parseQuery(listCallsQuerySchema, request.nextUrl.searchParams);
    return callListResponseSchema.parse(await listPublicCalls(org.id, query));
  },
  { route: "/api/v1/calls" },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyGet;

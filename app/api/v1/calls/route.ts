import type { z } from "zod";
import { onlyGet } from "@/lib/api/methods";
import { parseQuery } from "@/lib/api/query";
import { type callListResponseSchema, listCallsQuerySchema } from "@/lib/api/schemas";
import { withApiKey } from "@/lib/api/with-api-key";
import { listPublicCalls } from "@/lib/calls/queries";

export const GET = withApiKey(
  async (request, { org }) => {
    const query = parseQuery(listCallsQuerySchema, request.nextUrl.searchParams);
    // Not parsed again: listPublicCalls parsed each call with the public schema, and the page's
    // type is the response schema's, so the OpenAPI document still describes what is served
    // (docs/benchmarks/2026-12-06-calls-floor: the repeated parses were measurable).
    const page: z.output<typeof callListResponseSchema> = await listPublicCalls(org.id, query);
    return page;
  },
  { route: "/api/v1/calls" },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyGet;

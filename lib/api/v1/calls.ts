import type { z } from "zod";
import { findPublicCall, listPublicCalls } from "../../calls/queries";
import { isRecordId } from "../../db/record-id";
import { API_ERROR_MESSAGES, ApiError } from "../errors";
import { defineOperation } from "../operation";
import { parseQuery } from "../query";
import { type callListResponseSchema, type callResponseSchema, listCallsQuerySchema } from "../schemas";

export const listCalls = defineOperation({
  method: "GET",
  path: "/calls",
  operationId: "listCalls",
  summary: "List calls, newest first",
  description:
    "Non-private calls of your organization, newest first (by `startedAt`, then `id`). Follow " +
    "`nextCursor` until it is null to read them all.",
  permission: "calls:read",
  query: listCallsQuerySchema,
  success: { status: 200, schema: "CallListResponse", description: "A page of calls." },
  errors: ["400"],
  async handler(request, { org }) {
    const query = parseQuery(listCallsQuerySchema, request.nextUrl.searchParams);
    // Not parsed again: listPublicCalls parsed each call with the public schema, and the page's
    // type is the response schema's, so the OpenAPI document still describes what is served
    // (docs/benchmarks/2026-12-06-calls-floor: the repeated parses were measurable).
    const page: z.output<typeof callListResponseSchema> = await listPublicCalls(org.id, query);
    return page;
  },
});

export const getCall = defineOperation<{ id: string }>({
  method: "GET",
  path: "/calls/{id}",
  operationId: "getCall",
  summary: "One call",
  permission: "calls:read",
  params: { id: "The call's id." },
  success: { status: 200, schema: "CallResponse", description: "The call." },
  errors: ["404"],
  async handler(_request, { org, params }) {
    // Missing, private and another organization's calls get the same answer: no way to probe ids.
    // An id we could never have issued (a NUL, a control character) never reaches the database.
    const call = isRecordId(params.id) ? await findPublicCall(org.id, params.id) : null;
    if (!call) throw new ApiError("not_found", API_ERROR_MESSAGES.call_not_found);
    // findPublicCall parsed the call with the public schema; the type keeps the document honest.
    const body: z.output<typeof callResponseSchema> = { data: call };
    return body;
  },
});

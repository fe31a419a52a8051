import { findPublicCall, listPublicCalls } from "../../calls/queries";
import { isRecordId } from "../../db/record-id";
import { API_ERROR_MESSAGES, ApiError } from "../errors";
import { defineOperation } from "../operation";
import { parseQuery } from "../query";
import { callListResponseSchema, callResponseSchema, listCallsQuerySchema } from "../schemas";

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
    return callListResponseSchema.parse(await listPublicCalls(org.id, query));
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
    return callResponseSchema.parse({ data: call });
  },
});

import type { z } from "zod";
import { API_ERROR_MESSAGES, ApiError } from "@/lib/api/errors";
import { onlyGet } from "@/lib/api/methods";
import type { callResponseSchema } from "@/lib/api/schemas";
import { withApiKey } from "@/lib/api/with-api-key";
import { findPublicCall } from "@/lib/calls/queries";
import { isRecordId } from "@/lib/db/record-id";

export const GET = withApiKey<{ id: string }>(
  async (_request, { org, params }) => {
    // Missing, private and another organization's calls get the same answer: no way to probe ids.
    // An id we could never have issued (a NUL, a control character) never reaches the database.
    const call = isRecordId(params.id) ? await findPublicCall(org.id, params.id) : null;
    if (!call) throw new ApiError("not_found", API_ERROR_MESSAGES.call_not_found);
    // findPublicCall parsed the call with the public schema; the type keeps the document honest.
    const body: z.output<typeof callResponseSchema> = { data: call };
    return body;
  },
  { route: "/api/v1/calls/[id]" },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyGet;

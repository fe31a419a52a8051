import { ApiError } from "@/lib/api/errors";
import { callResponseSchema } from "@/lib/api/schemas";
import { withApiKey } from "@/lib/api/with-api-key";
import { findPublicCall } from "@/lib/calls/queries";

export const GET = withApiKey<{ id: string }>(async (_request, { org, params }) => {
  const call = await findPublicCall(org.id, params.id);
  // Missing, private and another organization's calls get the same answer: no way to probe ids.
  if (!call) throw new ApiError("not_found", "No call with this id exists in your organization.");
  return callResponseSchema.parse({ data: call });
});

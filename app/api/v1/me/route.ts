import { onlyGet } from "@/lib/api/methods";
import { meResponseSchema } from "@/lib/api/schemas";
import { withApiKey } from "@/lib/api/with-api-key";

export const GET = withApiKey(
  async (_request, { org, apiKey }) => meResponseSchema.parse({ data: { organization: org, apiKey } }),
  { route: "/api/v1/me" },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyGet;

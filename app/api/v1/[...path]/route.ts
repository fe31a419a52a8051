import { ApiError } from "@/lib/api/errors";
import { withApiKey } from "@/lib/api/with-api-key";

// Unknown /api/v1 paths answer in the API's own JSON envelope rather than Next's HTML 404.
export const GET = withApiKey<{ path: string[] }>(async () => {
  throw new ApiError("not_found", "There is no API endpoint at this path. The endpoints are listed at /docs/api.");
});

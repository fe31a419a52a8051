import { after } from "next/server";
import { apiRoute } from "@/lib/api/api-route";
import { apiJson } from "@/lib/api/respond";
import { githubPublicKeys, handleGithubAlert } from "@/lib/secret-scanning/github";

// GitHub's secret-scanning partner alerts (docs/security.md, "Leaked keys"). Signed by GitHub, so outside
// the API-key wrapper; the leak emails go out after the response.
export const dynamic = "force-dynamic";

export const POST = apiRoute(
  (request) => handleGithubAlert(request, { keys: githubPublicKeys(), afterResponse: (task) => after(task) }),
  { route: "/api/secret-scanning/github" },
);

const notAllowed = apiRoute(() =>
  apiJson(
    {
      error: {
        code: "method_not_allowed",
        message: "This endpoint accepts only POST (GitHub secret-scanning alerts).",
      },
    },
    405,
    { Allow: "POST" },
  ),
);

export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

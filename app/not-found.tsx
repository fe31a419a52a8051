import Link from "next/link";
import { PageProblem } from "@/components/shell/page-problem";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <PageProblem
        title="There's no page here"
        actions={
          <>
            <Link href="/settings/api" className={buttonClass("primary")}>
              Go to Settings → API
            </Link>
            <Link href="/docs/api" className={buttonClass("secondary")}>
              API documentation
            </Link>
          </>
        }
      >
        The address may be mistyped, or the page has moved.
      </PageProblem>
    </main>
  );
}

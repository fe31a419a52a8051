"use client";

import { PageProblem } from "@/components/shell/page-problem";
import { Button } from "@/components/ui/button";

// Any page that fails to render (the database unreachable for a moment, say) shows this instead
// of Next's default. The server log has the error; the page shows no detail of it.
export default function AppError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <PageProblem title="This page couldn't load" actions={<Button onClick={() => reset()}>Try again</Button>}>
        Something went wrong on our side, usually for a moment only. Try again; if it keeps happening, reload the page
        in a minute.
      </PageProblem>
    </main>
  );
}

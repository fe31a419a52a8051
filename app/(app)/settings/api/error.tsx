"use client";

import { PageProblem } from "@/components/shell/page-problem";
import { Button } from "@/components/ui/button";

// Inside the app's shell: the navigation stays, only the keys could not be loaded.
export default function ApiSettingsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <PageProblem title="Your API keys couldn't load" actions={<Button onClick={() => reset()}>Try again</Button>}>
      Something went wrong on our side, usually for a moment only. Your keys keep working meanwhile.
    </PageProblem>
  );
}

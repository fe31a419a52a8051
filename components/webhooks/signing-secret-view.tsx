"use client";

import type { ReactNode } from "react";
import { ShownOnceSecret } from "@/components/ui/shown-once-secret";

/**
 * An endpoint's signing secret, shown this once (after Add endpoint and after Roll secret), as a
 * new key is. The server keeps it sealed and never shows it again.
 */
export function SigningSecretView({
  secret,
  description,
  onDone,
}: {
  secret: string;
  description: ReactNode;
  onDone: () => void;
}) {
  return (
    <ShownOnceSecret
      title="Save the signing secret"
      description={description}
      label="Signing secret"
      noun="secret"
      value={secret}
      testId="webhook-secret"
      warning={
        <>
          <strong className="font-semibold">This secret is shown only this once.</strong> Store it where your receiver
          verifies signatures. If you lose it, roll the secret on the endpoint's page.
        </>
      }
      onDone={onDone}
    />
  );
}

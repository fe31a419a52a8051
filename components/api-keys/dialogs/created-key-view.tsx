"use client";

import type { ReactNode } from "react";
import { ShownOnceSecret } from "@/components/ui/shown-once-secret";

export interface CreatedKey {
  key: string;
  name: string;
}

/** The full key, shown this once, with a copy button: after Create Key, and after a roll. */
export function CreatedKeyView({
  created,
  onDone,
  description,
}: {
  created: CreatedKey;
  onDone: () => void;
  /** What happened, for the dialog's description; by default, that the new key is ready. */
  description?: ReactNode;
}) {
  return (
    <ShownOnceSecret
      title="Save your new API key"
      description={
        description ??
        `“${created.name}” is ready. Copy the key now and store it securely, for example in a secret manager.`
      }
      label="API key"
      noun="key"
      value={created.key}
      testId="created-api-key"
      warning={
        <>
          <strong className="font-semibold">You won't be able to see this key again.</strong> If you lose it, revoke it
          and create a new one.
        </>
      }
      onDone={onDone}
    />
  );
}

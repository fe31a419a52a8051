"use client";

import { toast } from "sonner";
import { rollApiKeyAction } from "@/lib/actions/roll-api-key";
import { formatTimeUntil } from "@/lib/format/dates";
import { useKeyAction } from "../forms/use-key-action";
import { type CreatedKey, CreatedKeyView } from "./created-key-view";
import type { KeyDialogTarget } from "./dialog-target";
import { KeyDialog } from "./key-dialog";
import { RollKeyForm } from "./roll-key-form";
import { useShownKey } from "./use-shown-key";

interface RolledKey extends CreatedKey {
  /** When the old key stops working. */
  oldExpiresAt: string;
  oldPrefix: string;
  /** The key before the old one, whose grace period this roll ended. */
  endedGracePrefix: string | null;
}

/**
 * Roll: confirm with a grace period, then the new key in the same "shown once" view as Create
 * Key. As there, the full key lives only in this component's state and is dropped on close
 * and when the page is left.
 */
export function RollKeyDialog({ target, onClose }: { target: KeyDialogTarget | null; onClose: () => void }) {
  const { shown: rolled, show, drop } = useShownKey<RolledKey>(onClose);
  const roll = useKeyAction(rollApiKeyAction, {
    onSuccess: (result) => {
      toast.success(`“${result.name}” has a new key.`);
      show({
        key: result.key,
        name: result.name,
        oldExpiresAt: result.oldExpiresAt,
        oldPrefix: target?.key.maskedKey.replace(/\*+$/, "") ?? "",
        endedGracePrefix: result.endedGracePrefix,
      });
    },
  });
  return (
    // After a roll the row has no Roll button any more: focus goes to the usage meter.
    <KeyDialog target={target} onClose={drop} action={roll} showingKey={rolled !== null}>
      {(key) =>
        rolled ? (
          <CreatedKeyView created={rolled} onDone={drop} description={<RolledDescription rolled={rolled} />} />
        ) : (
          <RollKeyForm apiKey={key} roll={roll} />
        )
      }
    </KeyDialog>
  );
}

function RolledDescription({ rolled }: { rolled: RolledKey }) {
  const end = new Date(rolled.oldExpiresAt);
  const now = new Date();
  return (
    <>
      “{rolled.name}” has a new key. Copy it now, store it securely, and switch the system that uses it over.{" "}
      {end.getTime() <= now.getTime()
        ? `The old key (${rolled.oldPrefix}…) has stopped working.`
        : `The old key (${rolled.oldPrefix}…) stops working ${formatTimeUntil(end, now)}.`}
      {rolled.endedGracePrefix ? ` The key before it (${rolled.endedGracePrefix}…) has stopped working.` : ""}
    </>
  );
}

"use client";

import { useCallback, useState } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { formatTimeUntil } from "@/lib/format/dates";
import { type CreatedKey, CreatedKeyView } from "./created-key-view";
import { type KeyDialogTarget, returnFocus } from "./dialog-target";
import { FOCUS_TARGETS } from "./focus";
import { RollKeyForm } from "./roll-key-form";
import { useDropOnPageHide } from "./use-drop-on-pagehide";

export interface RolledKey extends CreatedKey {
  /** When the old key stops working. */
  oldExpiresAt: string;
  oldPrefix: string;
}

/**
 * Roll: confirm with a grace period, then the new key in the same "shown once" view as Create
 * Key. As there, the full key lives only in this component's state and is dropped on close
 * and when the page is left.
 */
export function RollKeyDialog({ target, onClose }: { target: KeyDialogTarget | null; onClose: () => void }) {
  const [rolled, setRolled] = useState<RolledKey | null>(null);
  const [pending, setPending] = useState(false);

  const close = useCallback(() => {
    setRolled(null);
    onClose();
  }, [onClose]);
  useDropOnPageHide(rolled !== null, close);

  return (
    <Dialog open={target !== null} onOpenChange={(open) => !open && !pending && close()}>
      {target ? (
        <DialogContent
          wide={rolled !== null}
          // Once the key is on screen, a stray click outside must not throw it away.
          onInteractOutside={(event) => {
            if (rolled || pending) event.preventDefault();
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            // After a roll the row has no Roll button any more: focus goes to the usage meter.
            returnFocus(target, FOCUS_TARGETS.usage);
          }}
        >
          {rolled ? (
            <CreatedKeyView created={rolled} onDone={close} description={<RolledDescription rolled={rolled} />} />
          ) : (
            <RollKeyForm
              key={target.key.id}
              target={target}
              onRolled={setRolled}
              onPending={setPending}
              onCancel={close}
            />
          )}
        </DialogContent>
      ) : null}
    </Dialog>
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
    </>
  );
}

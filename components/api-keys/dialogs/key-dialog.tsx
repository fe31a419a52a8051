"use client";

import type { ReactNode, RefObject } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import type { ApiKeyRow } from "@/lib/api-keys/views/rows";
import type { KeyDialogTarget } from "./dialog-target";
import { returnFocus } from "./focus";

/**
 * The popup of a row action (Rename, Roll, Expiry, Revoke): open while it has a target, not
 * closable while its action runs, and on close focus goes back to the row's button.
 *
 * The content exists only while there is a target, so the close handler Radix calls as it
 * unmounts still knows the row that opened it.
 */
export function KeyDialog({
  target,
  onClose,
  action,
  showingKey = false,
  triggerGone,
  children,
}: {
  target: KeyDialogTarget | null;
  onClose: () => void;
  action: { pending: boolean; reset: () => void };
  /** A new key is on screen: the popup widens, and a stray click outside must not throw it away. */
  showingKey?: boolean;
  /** Set when the action removed the row, before the table has caught up. */
  triggerGone?: RefObject<boolean>;
  children: (key: ApiKeyRow) => ReactNode;
}) {
  function onOpenChange(open: boolean) {
    if (open || action.pending) return;
    action.reset();
    onClose();
  }

  return (
    <Dialog open={target !== null} onOpenChange={onOpenChange}>
      {target ? (
        <DialogContent
          wide={showingKey}
          onInteractOutside={(event) => {
            if (showingKey) event.preventDefault();
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocus(target, { triggerGone: triggerGone?.current });
            if (triggerGone) triggerGone.current = false;
          }}
        >
          {children(target.key)}
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

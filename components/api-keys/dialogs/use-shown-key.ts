"use client";

import { useCallback, useEffect, useState } from "react";
import { flushSync } from "react-dom";

/**
 * Holds a full key while its dialog shows it, the one time it is shown. `drop` forgets it (and
 * closes the dialog through `onDrop`); leaving the page (pagehide) drops it synchronously, so a
 * back/forward cache restore cannot bring it back. It is never put in a URL, storage, or the
 * router cache.
 */
export function useShownKey<Shown>(onDrop: () => void) {
  const [shown, setShown] = useState<Shown | null>(null);
  const drop = useCallback(() => {
    setShown(null);
    onDrop();
  }, [onDrop]);

  useEffect(() => {
    if (shown === null) return;
    const onPageHide = () => flushSync(drop);
    window.addEventListener("pagehide", onPageHide);
    return () => window.removeEventListener("pagehide", onPageHide);
  }, [shown, drop]);

  return { shown, show: setShown, drop };
}

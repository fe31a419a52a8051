"use client";

import { useEffect } from "react";
import { flushSync } from "react-dom";

/**
 * While a full key is on screen, leaving the page (pagehide) drops it synchronously, so a
 * back/forward cache restore cannot bring it back.
 */
export function useDropOnPageHide(showingKey: boolean, drop: () => void): void {
  useEffect(() => {
    if (!showingKey) return;
    const onPageHide = () => flushSync(drop);
    window.addEventListener("pagehide", onPageHide);
    return () => window.removeEventListener("pagehide", onPageHide);
  }, [showingKey, drop]);
}

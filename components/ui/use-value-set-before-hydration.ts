import { type RefObject, useEffect } from "react";

/**
 * A form control the server rendered can be changed before React hydrates it (a slow connection,
 * a quick person): the change is then in the element but not in state, and no onChange ever
 * fires for it. Once the page hydrates, this hands such a value to `apply`, so what the page
 * does is what the person sees. Later changes reach onChange as usual.
 */
export function useValueSetBeforeHydration(
  ref: RefObject<HTMLSelectElement | HTMLTextAreaElement | HTMLInputElement | null>,
  rendered: string,
  apply: (value: string) => void,
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the page hydrates
  useEffect(() => {
    const value = ref.current?.value;
    if (value !== undefined && value !== rendered) apply(value);
  }, []);
}

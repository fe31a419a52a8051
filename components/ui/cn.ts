import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names (clsx: strings, conditionals, arrays) and drops earlier Tailwind classes that a
 * later one overrides (tailwind-merge), as shadcn/ui does. Primitives put the caller's className
 * last, so `px-2` passed to a Button replaces its `px-3.5` by rule rather than by whichever
 * utility Tailwind happens to emit later in the stylesheet.
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}

import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Input({ className = "", ...props }: ComponentProps<"input">) {
  return (
    <input
      className={cn(
        "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-[invalid=true]:border-red-500",
        className,
      )}
      {...props}
    />
  );
}

import { type LucideIcon, ShieldCheckIcon, TriangleAlertIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";

type Tone = "info" | "warning" | "danger";

const TONES: Record<Tone, string> = {
  info: "border-brand-100 bg-brand-50 text-slate-800 [&_svg]:text-brand-600",
  warning: "border-amber-200 bg-amber-50 text-amber-950 [&_svg]:text-amber-600",
  danger: "border-red-200 bg-red-50 text-red-900 [&_svg]:text-red-600",
};

/**
 * A highlighted message. Pass role="alert" when it appears in response to an action; `icon`
 * replaces the tone's own (a shield for info, a warning sign otherwise) where a more telling one exists.
 */
export function Callout({
  tone = "info",
  icon,
  id,
  role,
  className = "",
  children,
}: {
  tone?: Tone;
  icon?: LucideIcon;
  id?: string;
  role?: "alert" | "status";
  className?: string;
  children: ReactNode;
}) {
  const Icon = icon ?? (tone === "info" ? ShieldCheckIcon : TriangleAlertIcon);
  return (
    <div id={id} role={role} className={cn("flex gap-3 rounded-lg border px-3.5 py-3 text-sm", TONES[tone], className)}>
      <Icon className="mt-0.5 h-4 w-4 shrink-0" />
      <div className="min-w-0 flex-1 space-y-1 leading-relaxed">{children}</div>
    </div>
  );
}

const BADGE_TONES = {
  brand: "bg-brand-50 text-brand-600 ring-brand-100",
  success: "bg-emerald-50 text-emerald-600 ring-emerald-100",
  danger: "bg-red-50 text-red-600 ring-red-100",
  neutral: "bg-slate-100 text-slate-500 ring-slate-200",
} as const;

/** An icon in a soft rounded square, beside a dialog title or an empty state. */
export function IconBadge({ tone = "brand", children }: { tone?: keyof typeof BADGE_TONES; children: ReactNode }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-xl ring-1 ring-inset [&_svg]:h-5 [&_svg]:w-5",
        BADGE_TONES[tone],
      )}
    >
      {children}
    </span>
  );
}

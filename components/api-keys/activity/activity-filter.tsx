"use client";

import { FilterIcon } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, type TransitionStartFunction, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { useValueSetBeforeHydration } from "@/components/ui/use-value-set-before-hydration";
import type { ActivityKeyOption } from "@/lib/audit/activity";
import { ACTIVITY_KEY_PARAM } from "@/lib/routes";

function keyLabel(key: ActivityKeyOption): string {
  return `${key.name} (${key.prefix}…)${key.revoked ? " — revoked" : ""}`;
}

interface ActivityFilterProps {
  keys: ActivityKeyOption[];
  /** The key the server rendered Activity for; undefined → all keys. */
  keyId: string | undefined;
  /** Changes with every server render: the select then shows what was rendered. */
  renderedAt: string;
  /** The list's transition, so the list shows it is busy while the filtered page loads. */
  startFiltering: TransitionStartFunction;
  busy: boolean;
}

/**
 * Activity's key filter. The choice lives in the URL (`?activityKey=`), so a filtered view can be
 * shared, and the page re-renders in place. Without JavaScript the form's Apply button sends
 * the same query.
 */
export function ActivityFilter({ keys, keyId, renderedAt, startFiltering, busy }: ActivityFilterProps) {
  const router = useRouter();
  const pathname = usePathname();
  const [selected, setSelected] = useState(keyId ?? "");
  const [render, setRender] = useState(renderedAt);
  const selectRef = useRef<HTMLSelectElement>(null);
  if (render !== renderedAt) {
    setRender(renderedAt);
    setSelected(keyId ?? "");
  }
  useValueSetBeforeHydration(selectRef, keyId ?? "", applyFilter);

  function applyFilter(value: string) {
    setSelected(value);
    const params = new URLSearchParams(window.location.search);
    if (value) params.set(ACTIVITY_KEY_PARAM, value);
    else params.delete(ACTIVITY_KEY_PARAM);
    const query = params.toString();
    startFiltering(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    applyFilter(String(new FormData(event.currentTarget).get(ACTIVITY_KEY_PARAM) ?? ""));
  }

  return (
    <form
      action={pathname}
      method="get"
      onSubmit={onSubmit}
      className="flex min-w-0 flex-1 items-center gap-2 sm:flex-none"
    >
      <label htmlFor="activity-key-filter" className="flex items-center gap-1.5 text-xs font-medium text-slate-600">
        <FilterIcon aria-hidden="true" className="h-3.5 w-3.5" />
        Key
      </label>
      <Select
        ref={selectRef}
        id="activity-key-filter"
        name={ACTIVITY_KEY_PARAM}
        className="min-w-0 flex-1 sm:w-64 sm:flex-none"
        value={selected}
        aria-busy={busy}
        onChange={(event) => applyFilter(event.currentTarget.value)}
      >
        <option value="">All keys</option>
        {keys.map((key) => (
          <option key={key.id} value={key.id}>
            {keyLabel(key)}
          </option>
        ))}
      </Select>
      <noscript>
        <button type="submit" className={buttonClass("secondary")}>
          Apply
        </button>
      </noscript>
    </form>
  );
}

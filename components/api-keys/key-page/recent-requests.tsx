"use client";

import { useHydrated } from "@/components/ui/timestamp";
import type { RecentRequest } from "@/lib/api-keys/views/key-page";
import { formatExactTime } from "@/lib/format/dates";

const time = (timeZone?: string) =>
  new Intl.DateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: timeZone ? "short" : undefined,
  });

function statusTone(status: number): string {
  if (status === 429) return "bg-amber-50 text-amber-900 ring-amber-200";
  if (status >= 500) return "bg-red-50 text-red-800 ring-red-200";
  if (status >= 400) return "bg-orange-50 text-orange-900 ring-orange-200";
  return "bg-emerald-50 text-emerald-800 ring-emerald-200";
}

/** "Recent requests": the latest requests made with the key, newest first (never query values). */
export function RecentRequests({ requests, limit }: { requests: RecentRequest[]; limit: number }) {
  const hydrated = useHydrated();
  // UTC until hydrated (the server cannot know the viewer's zone), then the viewer's own.
  const format = time(hydrated ? undefined : "UTC");
  return (
    <section aria-labelledby="recent-requests-title" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="recent-requests-title" className="text-base font-semibold text-slate-900">
          Recent requests
        </h2>
        <p className="text-xs text-slate-500">The latest {limit}, newest first. Query strings are never stored.</p>
      </div>
      {requests.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          No requests recorded yet. Requests appear here within a few seconds of being made.
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-xs">
          <table className="w-full min-w-[52rem] border-collapse text-left text-sm" data-testid="recent-requests">
            <caption className="sr-only">Latest requests made with this key, newest first</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
              <tr>
                {["Time", "Method", "Path", "Status", "Client address", "User agent", "Duration"].map((label) => (
                  <th
                    key={label}
                    scope="col"
                    className={`px-3 py-2.5 font-medium whitespace-nowrap first:pl-4 last:pr-4 ${label === "Duration" ? "text-right" : ""}`}
                  >
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {requests.map((request) => {
                const at = new Date(request.at);
                return (
                  <tr key={request.id} className="align-top">
                    <td className="py-2 pr-3 pl-4 whitespace-nowrap text-slate-700">
                      <time dateTime={request.at} title={formatExactTime(at, hydrated ? undefined : "UTC")}>
                        {format.format(at)}
                      </time>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs text-slate-700">{request.method}</td>
                    <td className="max-w-[16rem] px-3 py-2 font-mono text-xs break-all text-slate-900">
                      {request.path}
                    </td>
                    <td className="px-3 py-2">
                      <span
                        className={`inline-flex rounded-full px-2 py-0.5 font-mono text-xs font-medium ring-1 ring-inset ${statusTone(request.status)}`}
                      >
                        {request.status}
                      </span>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-slate-700">
                      {request.clientAddress}
                    </td>
                    <td className="max-w-[14rem] px-3 py-2 text-xs break-words text-slate-600">
                      {request.userAgent ?? <span className="text-slate-500">—</span>}
                    </td>
                    <td className="py-2 pr-4 pl-3 text-right text-xs whitespace-nowrap text-slate-700 tabular-nums">
                      {request.durationMs} ms
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

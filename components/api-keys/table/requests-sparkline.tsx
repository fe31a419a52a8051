import type { ApiKeyRowRequests } from "@/lib/api-keys/views/rows";
import { formatCount, requestsSummary } from "@/lib/format/request-counts";

const BAR_WIDTH = 2;
const BAR_STEP = 3;
const HEIGHT = 20;

/** 24 bars, one per hour, oldest on the left; an empty hour is a faint tick on the baseline. */
function Sparkline({ hourly, label }: { hourly: number[]; label: string }) {
  const max = Math.max(1, ...hourly);
  const width = hourly.length * BAR_STEP - (BAR_STEP - BAR_WIDTH);
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="usage-sparkline"
      width={width}
      height={HEIGHT}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      className="shrink-0"
    >
      {hourly.map((value, hour) => {
        const height = value === 0 ? 1 : Math.max(2, Math.round((value / max) * HEIGHT));
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: the index is the hour, a stable identity
            key={hour}
            x={hour * BAR_STEP}
            y={HEIGHT - height}
            width={BAR_WIDTH}
            height={height}
            rx={0.5}
            className={value === 0 ? "fill-slate-200" : "fill-brand-500"}
          />
        );
      })}
    </svg>
  );
}

/** The Usage column: a sparkline of the last 24 hours, its total, rate-limited requests, and the 7-day total. */
export function RequestsCell({ requests }: { requests: ApiKeyRowRequests }) {
  const summary = requestsSummary(requests);
  return (
    <div className="flex items-center gap-2.5" data-testid="key-usage-cell">
      <Sparkline hourly={requests.hourly} label={summary} />
      {/* The sparkline's label says all of this in one sentence for screen readers. */}
      {requests.requests7d === 0 ? (
        <p aria-hidden="true" className="text-xs whitespace-nowrap text-slate-500">
          No requests
        </p>
      ) : (
        <div aria-hidden="true" className="text-xs leading-snug whitespace-nowrap">
          <p className="text-slate-900">
            <span className="text-sm font-medium tabular-nums">{formatCount(requests.requests24h)}</span>
            {requests.rateLimited24h > 0 ? (
              <span className="text-amber-800"> · {formatCount(requests.rateLimited24h)} limited</span>
            ) : null}
          </p>
          <p className="text-slate-500">{formatCount(requests.requests7d)} in 7 days</p>
        </div>
      )}
    </div>
  );
}

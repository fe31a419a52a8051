import { FOCUS_TARGETS } from "../dialogs/focus";

export const LIMIT_REASON_ID = "api-key-limit-reason";

/** "3 of 5 keys", a bar, and — at the limit — why Create New Key is disabled and what to do. */
export function KeySlotsMeter({
  active,
  limit,
  supportEmail,
}: {
  active: number;
  limit: number;
  supportEmail: string;
}) {
  const atLimit = active >= limit;
  const nearLimit = !atLimit && limit - active <= 1;
  const percent = Math.min(100, Math.round((active / limit) * 100));
  const free = limit - active;
  const bar = atLimit ? "bg-amber-500" : nearLimit ? "bg-amber-400" : "bg-brand-600";

  return (
    <section
      id={FOCUS_TARGETS.slotsMeter}
      tabIndex={-1}
      aria-labelledby="api-key-usage-title"
      className={`rounded-xl border bg-white p-4 shadow-xs sm:p-5 ${atLimit ? "border-amber-300" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="api-key-usage-title" className="text-sm font-medium text-slate-700">
          Active keys
        </h2>
        <p className="text-sm text-slate-600">
          <span data-testid="key-usage" className="font-semibold text-slate-900 tabular-nums">
            {active} of {limit} keys
          </span>
          {atLimit ? null : <span> · {free === 1 ? "1 slot" : `${free} slots`} left</span>}
        </p>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a styled bar; <meter> cannot be styled alike in every browser */}
      <div
        role="meter"
        aria-label="Active keys"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={active}
        aria-valuetext={`${active} of ${limit} keys`}
        className="mt-3 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full rounded-full ${bar}`} style={{ width: `${percent}%` }} />
      </div>
      {atLimit ? (
        <div id={LIMIT_REASON_ID} className="mt-4 space-y-1 text-sm leading-relaxed text-amber-950">
          <p className="font-semibold">You've reached your organization's limit of {limit} active keys.</p>
          <p>
            Create New Key is disabled until a slot is free. Revoke an unused key to free up a slot — the Last Used and
            Usage columns show which keys nothing has called lately. You can still roll a key: its replacement takes its
            slot.
            {limit < 50 ? (
              <>
                {" "}
                Need more than {limit}? Contact{" "}
                <a className="font-medium underline underline-offset-2" href={`mailto:${supportEmail}`}>
                  {supportEmail}
                </a>{" "}
                about the extended limit.
              </>
            ) : null}
          </p>
        </div>
      ) : (
        <p className="mt-3 text-xs text-slate-500">
          Revoked and expired keys don't count toward the limit of {limit}, nor does a key being rolled: its replacement
          takes its slot.
        </p>
      )}
    </section>
  );
}

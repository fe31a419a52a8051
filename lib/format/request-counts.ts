/** Usage numbers as the key table shows and reads them out. Pure: server and browser agree. */
export interface RequestTotals {
  requests24h: number;
  rateLimited24h: number;
  requests7d: number;
}

const count = new Intl.NumberFormat("en-US");

export function formatCount(value: number): string {
  return count.format(value);
}

function requests(value: number): string {
  return value === 1 ? "1 request" : `${formatCount(value)} requests`;
}

/** "312 requests in the last 24 hours, 4 rate-limited; 1,204 in the last 7 days". */
export function requestsSummary(usage: RequestTotals): string {
  if (usage.requests7d === 0) return "No requests in the last 7 days";
  const day =
    usage.requests24h === 0
      ? "No requests in the last 24 hours"
      : `${requests(usage.requests24h)} in the last 24 hours`;
  const limited = usage.rateLimited24h > 0 ? `, ${formatCount(usage.rateLimited24h)} rate-limited` : "";
  return `${day}${limited}; ${formatCount(usage.requests7d)} in the last 7 days`;
}

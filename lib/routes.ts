/** Settings → API: the page that lists keys; every key mutation revalidates it. */
export const API_SETTINGS_PATH = "/settings/api";

/** A key's own page: its usage, recent requests and Allowed addresses. */
export function apiKeyPath(keyId: string): string {
  return `${API_SETTINGS_PATH}/keys/${encodeURIComponent(keyId)}`;
}

/** Settings → API's query parameter of the Activity key filter (the URL says what is shown). */
export const ACTIVITY_KEY_PARAM = "activityKey";

/** Settings → API's "Export CSV" download (app/(app)/settings/api/activity.csv). */
export const ACTIVITY_CSV_PATH = `${API_SETTINGS_PATH}/activity.csv`;

/** Sign-in, coming back to `callbackPath` afterwards (lib/auth/callback-url.ts decides if it may). */
export function loginPath(callbackPath?: string): string {
  return callbackPath ? `/login?callbackUrl=${encodeURIComponent(callbackPath)}` : "/login";
}

/** A webhook endpoint's page: its settings, Send test event and its recent deliveries. */
export function webhookEndpointPath(endpointId: string): string {
  return `${API_SETTINGS_PATH}/webhooks/${encodeURIComponent(endpointId)}`;
}

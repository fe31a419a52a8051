/** Settings → API: the page that lists keys; every key mutation revalidates it. */
export const API_SETTINGS_PATH = "/settings/api";

/** A key's own page: its usage, recent requests and Allowed addresses. */
export function apiKeyPath(keyId: string): string {
  return `${API_SETTINGS_PATH}/keys/${encodeURIComponent(keyId)}`;
}

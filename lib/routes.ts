/** Settings → API: the page that lists keys; every key mutation revalidates it. */
export const API_SETTINGS_PATH = "/settings/api";

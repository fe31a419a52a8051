import { API_ERROR_STATUS, type ApiErrorCode, apiErrorBody } from "./errors";

/**
 * Every API response is built here: JSON, and `Cache-Control: no-store` so no browser, proxy or
 * CDN keeps organization data (or an error meant for one caller) for anyone else.
 */
export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export function apiErrorResponse(code: ApiErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return apiJson(apiErrorBody(code, message), API_ERROR_STATUS[code], headers);
}

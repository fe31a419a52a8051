import { foundWhere } from "../audit/describe";
import { type Env, env } from "../env";
import { stripControlCharacters } from "../format/plain-text";
import { API_SETTINGS_PATH, apiKeyPath, webhookEndpointPath } from "../routes";
import type { EmailMessage } from "./mailer";

/**
 * The notification emails' text: plain, naming the organization, the key (name and display
 * prefix — never the key) and what happened, with a link to Settings → API.
 */
export function settingsUrl(config: Pick<Env, "NEXTAUTH_URL" | "NODE_ENV"> = env()): string | null {
  return appUrl(API_SETTINGS_PATH, config);
}

/**
 * An absolute link into the app for an email, on its public URL (lib/env.ts: NEXTAUTH_URL, or
 * Vercel's production domain). Only development falls back to http://localhost:3000; production
 * cannot start without the URL, and should it be missing anyway the email names the page without
 * a link rather than send an admin to localhost.
 */
export function appUrl(path: string, config: Pick<Env, "NEXTAUTH_URL" | "NODE_ENV"> = env()): string | null {
  const base = config.NEXTAUTH_URL ?? (config.NODE_ENV === "production" ? null : "http://localhost:3000");
  return base ? new URL(path, base).toString() : null;
}

const inSettings = () => {
  const url = settingsUrl();
  return url ? `Settings → API: ${url}` : "Settings → API";
};

function utcMinute(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`;
}

const footer = (organization: string) =>
  `You receive this email because you are an admin of ${organization} in Glyphic.`;

/**
 * Only http(s) links are repeated: the reporter's URL is outside data. A URL with control
 * characters or whitespace is no link (rows stored before they were stripped on the way in).
 */
export function safeLink(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url) || /\s/.test(url) || stripControlCharacters(url) !== url) return null;
  return URL.canParse(url) ? url : null;
}

export function keyLeakEmail(input: {
  to: string[];
  organization: string;
  key: { name: string; prefix: string };
  url: string | null;
  source: string | null;
  revokedAt: Date;
}): EmailMessage {
  const link = safeLink(input.url);
  const where = foundWhere(input.source);
  return {
    to: input.to,
    subject: `API key "${input.key.name}" was found ${where} and has been revoked`,
    text: [
      `An API key of ${input.organization} was found ${where}. GitHub secret scanning reported it and we revoked it at once, so nobody can use it.`,
      "",
      `Key: ${input.key.name} (${input.key.prefix}…)`,
      `Found: ${link ?? "the report did not include a link"}`,
      `Revoked: ${utcMinute(input.revokedAt)}`,
      "",
      "Integrations that still use this key now get 401 errors. What to do next:",
      `1. Create a replacement key in ${inSettings()}`,
      "2. Put the new key in the integration that used the old one.",
      "3. Remove the old key from the file and from its history (a new commit is not enough). It no longer works, but it should not stay public.",
      "",
      footer(input.organization),
    ].join("\n"),
  };
}

export function expiryReminderEmail(input: {
  to: string[];
  organization: string;
  key: { name: string; prefix: string };
  expiresAt: Date;
  /** What is left, e.g. "7 days" or "23 hours". */
  remaining: string;
}): EmailMessage {
  const when = `in ${input.remaining}`;
  return {
    to: input.to,
    subject: `API key "${input.key.name}" expires ${when}`,
    text: [
      `An API key of ${input.organization} expires ${when}, on ${utcMinute(input.expiresAt)}. After that, requests with it get 401 errors.`,
      "",
      `Key: ${input.key.name} (${input.key.prefix}…)`,
      "",
      `If an integration still uses it, roll the key (you get a replacement and choose how long the old one keeps working) or change its expiry in ${inSettings()}`,
      "If nothing uses it any more, you need not do anything.",
      "",
      footer(input.organization),
    ].join("\n"),
  };
}

/** A key the daily job will expire because of a policy: unused too long, or still breaking one. */
export function policyExpiryEmail(input: {
  to: string[];
  organization: string;
  key: { name: string; prefix: string };
  expiresAt: Date;
  remaining: string;
  /** Why, as a sentence: "it has not been used for 90 days" / "it breaks the policy …". */
  because: string;
  /** What to do about it. */
  remedy: string;
}): EmailMessage {
  const when = `in ${input.remaining}`;
  return {
    to: input.to,
    subject: `API key "${input.key.name}" will be expired by policy ${when}`,
    text: [
      `An API key of ${input.organization} will be expired ${when}, on ${utcMinute(input.expiresAt)}, because ${input.because}. After that, requests with it get 401 errors.`,
      "",
      `Key: ${input.key.name} (${input.key.prefix}…)`,
      "",
      `${input.remedy} in ${inSettings()}`,
      "",
      footer(input.organization),
    ].join("\n"),
  };
}

/** A request's user agent as an email or a notice repeats it: outside data, so stripped and bounded. */
export function shownUserAgent(userAgent: string | null): string {
  const text = stripControlCharacters(userAgent ?? "")
    .trim()
    .slice(0, 200);
  return text === "" ? "none sent" : text;
}

export function newNetworkEmail(input: {
  to: string[];
  organization: string;
  key: { id: string; name: string; prefix: string };
  network: string;
  address: string;
  userAgent: string | null;
  firstRequestAt: Date;
}): EmailMessage {
  const page = appUrl(apiKeyPath(input.key.id));
  return {
    to: input.to,
    subject: `API key "${input.key.name}" was used from ${input.network} for the first time`,
    text: [
      `An API key of ${input.organization} was used from a network it had not used in the last 30 days.`,
      "",
      `Key: ${input.key.name} (${input.key.prefix}…)`,
      `Network: ${input.network} (address ${input.address})`,
      `User agent: ${shownUserAgent(input.userAgent)}`,
      `First request: ${utcMinute(input.firstRequestAt)}`,
      "",
      "If you moved the integration (a new server, a new region, a new office), there is nothing to do.",
      `If you do not recognise it, roll or revoke the key, and consider limiting its Allowed addresses, on ${page ? `its page: ${page}` : `its page in ${inSettings()}`}`,
      "",
      footer(input.organization),
    ].join("\n"),
  };
}

export function webhookDisabledEmail(input: {
  to: string[];
  organization: string;
  endpoint: { id: string; url: string };
  failingSince: Date;
  lastError: string | null;
}): EmailMessage {
  const page = appUrl(webhookEndpointPath(input.endpoint.id));
  return {
    to: input.to,
    subject: `Webhook endpoint disabled: every delivery to ${new URL(input.endpoint.url).host} failed for 5 days`,
    text: [
      `A webhook endpoint of ${input.organization} was disabled: every attempt to deliver an event to it has failed since ${utcMinute(input.failingSince)}.`,
      "",
      `Endpoint: ${input.endpoint.url}`,
      `Last error: ${input.lastError ?? "unknown"}`,
      "",
      "No events are sent to it while it is disabled. Fix the receiver, then enable the endpoint and retry the failed deliveries",
      `on its page: ${page ?? `Settings → API → Webhooks`}`,
      "",
      footer(input.organization),
    ].join("\n"),
  };
}

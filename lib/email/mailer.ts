import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env";
import { componentLogger } from "../log";
import { processSingleton } from "../process-singleton";

/**
 * Notification emails, sent with nodemailer over SMTP_URL from EMAIL_FROM. Without SMTP_URL
 * the message is written to the log instead (subject and recipients, never the body: bodies name
 * keys by prefix only, but the log is not where admins look), and in production start-up has
 * already warned that nobody is notified (instrumentation-node.ts).
 */
export interface EmailMessage {
  to: string[];
  subject: string;
  text: string;
}

function transport(url: string): Transporter {
  return processSingleton(`smtp:${url}`, () =>
    nodemailer.createTransport(url, {
      // A mail server that hangs must not hold a job (or an after() task) for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    }),
  );
}

export async function sendEmail(message: EmailMessage): Promise<void> {
  if (message.to.length === 0) return;
  const log = componentLogger("email");
  const { SMTP_URL, EMAIL_FROM } = env();
  if (!SMTP_URL) {
    log.info({ subject: message.subject, to: message.to }, "email not sent (SMTP_URL is not set)");
    return;
  }
  await transport(SMTP_URL).sendMail({
    from: EMAIL_FROM,
    to: message.to,
    subject: message.subject,
    text: message.text,
  });
  log.info({ subject: message.subject, recipients: message.to.length }, "email sent");
}

/**
 * Start-up (instrumentation-node.ts): production without SMTP_URL still serves (emails go to the
 * log), but nobody would hear of a leaked key or a key about to expire — say so once.
 */
export function warnIfMailIsOff(config: { NODE_ENV: string; SMTP_URL?: string }): void {
  if (config.NODE_ENV !== "production" || config.SMTP_URL) return;
  componentLogger("email").warn(
    "SMTP_URL is not set: admins will not be notified by email of leaked keys or keys about to expire (messages are only logged). Set SMTP_URL and EMAIL_FROM.",
  );
}

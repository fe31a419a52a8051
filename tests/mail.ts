import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server in the test process: what nodemailer delivers is parsed with mailparser,
 * with the envelope's recipients (who actually gets it, whatever the headers say).
 */
interface ReceivedMail {
  recipients: string[];
  subject: string;
  text: string;
  from: string;
}

export interface TestMailServer {
  url: string;
  received: ReceivedMail[];
  /** Resolves once `count` messages have arrived in all (fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
  /** A mail server that is down: connections to its port are refused until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port, keeping what it received. */
  up(): Promise<void>;
}

/** On a free port, or on `port` (the e2e spec's, which the server was started with). */
export async function startMailServer(port = 0): Promise<TestMailServer> {
  const received: ReceivedMail[] = [];
  const listen = async (on: number) => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail: ParsedMail) => {
            received.push({
              recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address).sort(),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              from: mail.from?.text ?? "",
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(on, "127.0.0.1", resolve));
    return server;
  };
  // A closed SMTPServer stays "shutting down": up() makes a new one on the same port.
  let server = await listen(port);
  const address = server.server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} emails, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return received;
    },
    stop: close,
    down: close,
    async up() {
      server = await listen(address.port);
    },
  };
}

import { createTransport } from "nodemailer";
import type { ChannelConfig } from "@/lib/config/notify-schema";
import { bodyText, headline, type Notice } from "@/lib/notify/message";
import { DELIVERY_TIMEOUT_MS, DeliveryError } from "@/lib/notify/channels/post";

type Email = Extract<ChannelConfig, { type: "email" }>;

/** The mail as sent: subject is the headline, the text body carries detail and links. */
export function emailMessage(c: Email, n: Notice, now = Date.now()) {
  return {
    from: c.from,
    to: c.to,
    subject: `[depwatch] ${headline(n, now)}`,
    text: bodyText(n, now),
    messageId: `<${n.deliveryId}@depwatch>`,
    headers: { "X-Depwatch-Event": n.kind },
  };
}

/** Sends through the SMTP URL's server (nodemailer; STARTTLS when offered, TLS for smtps://). */
export async function sendEmail(c: Email, n: Notice): Promise<void> {
  const transport = createTransport({ url: c.smtp, connectionTimeout: DELIVERY_TIMEOUT_MS, greetingTimeout: DELIVERY_TIMEOUT_MS, socketTimeout: DELIVERY_TIMEOUT_MS });
  try {
    await transport.sendMail(emailMessage(c, n));
  } catch (err) {
    const e = err as { code?: string; responseCode?: number };
    // 5xx SMTP replies are permanent; connection trouble and 4xx may pass on a later try.
    const permanent = typeof e.responseCode === "number" && e.responseCode >= 500;
    throw new DeliveryError(`SMTP delivery failed (${e.responseCode ?? e.code ?? "error"})`, !permanent, { cause: err });
  } finally {
    transport.close();
  }
}

import type { ChannelConfig } from "@/lib/config/notify-schema";
import type { Notice } from "@/lib/notify/message";
import { sendDiscord, sendNtfy, sendSlack, sendTeams } from "@/lib/notify/channels/chat";
import { sendEmail } from "@/lib/notify/channels/email";
import { sendPagerDuty } from "@/lib/notify/channels/pagerduty";
import { sendWebhook } from "@/lib/notify/channels/webhook";

/** Delivers one notice over one channel; throws a DeliveryError when the receiver refuses it. */
export function sendNotice(channel: ChannelConfig, notice: Notice, signal?: AbortSignal): Promise<void> {
  switch (channel.type) {
    case "webhook":
      return sendWebhook(channel, notice, signal);
    case "slack":
      return sendSlack(channel, notice, signal);
    case "discord":
      return sendDiscord(channel, notice, signal);
    case "teams":
      return sendTeams(channel, notice, signal);
    case "ntfy":
      return sendNtfy(channel, notice, signal);
    case "pagerduty":
      return sendPagerDuty(channel, notice, signal);
    case "email":
      return sendEmail(channel, notice);
  }
}

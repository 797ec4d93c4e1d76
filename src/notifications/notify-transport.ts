/** GOV.UK Notify through its official client, using one generic template per channel. */
import { NotifyClient } from 'notifications-node-client';
import type { Transport } from './notifier.ts';

export interface NotifyOptions {
  apiKey: string;
  baseUrl?: string;
  emailTemplateId: string;
  smsTemplateId: string;
}

export function notifyTransport(options: NotifyOptions): Transport {
  const client = options.baseUrl ? new NotifyClient(options.baseUrl, options.apiKey) : new NotifyClient(options.apiKey);
  return {
    name: 'notify',
    async deliver(message) {
      const personalisation = { subject: message.subject, body: message.body };
      if (message.channel === 'sms') {
        await client.sendSms(options.smsTemplateId, message.recipient, {
          personalisation,
          reference: message.reference,
        });
      } else {
        await client.sendEmail(options.emailTemplateId, message.recipient, {
          personalisation,
          reference: message.reference,
        });
      }
    },
  };
}

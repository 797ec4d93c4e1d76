/** GOV.UK Notify through its official client, using one generic template per channel. */
import { NotifyClient } from 'notifications-node-client';
import { DeliveryError, type Transport } from './notifier.ts';

export interface NotifyOptions {
  apiKey: string;
  baseUrl?: string;
  emailTemplateId: string;
  smsTemplateId: string;
}

interface HttpFailure {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  message?: string;
}

/** Notify's refusal as a DeliveryError: its status decides whether to retry, its words go on the outbox page. */
function refusal(error: unknown): DeliveryError {
  const failure = error as HttpFailure;
  const status = failure.response?.status;
  const detail = failure.response?.data?.errors?.map((e) => `${e.error ?? ''}: ${e.message ?? ''}`).join('; ');
  return new DeliveryError(
    status
      ? `GOV.UK Notify answered ${status}${detail ? ` (${detail})` : ''}`
      : `GOV.UK Notify unreachable: ${failure.message ?? String(error)}`,
    status,
  );
}

export function notifyTransport(options: NotifyOptions): Transport {
  const client = options.baseUrl ? new NotifyClient(options.baseUrl, options.apiKey) : new NotifyClient(options.apiKey);
  return {
    name: 'notify',
    async deliver(message) {
      const personalisation = { subject: message.subject, body: message.body };
      try {
        if (message.channel === 'sms') {
          await client.sendSms(options.smsTemplateId, message.recipient, {
            personalisation,
            reference: message.reference,
          });
        } else {
          await client.sendEmail(options.emailTemplateId, message.recipient, {
            personalisation,
            reference: message.reference,
            ...(message.unsubscribeUrl ? { oneClickUnsubscribeURL: message.unsubscribeUrl } : {}),
          });
        }
      } catch (error) {
        throw refusal(error);
      }
    },
  };
}

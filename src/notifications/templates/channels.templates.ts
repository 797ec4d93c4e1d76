import type { MessageTemplate } from '../templates.ts';

/** The e-bulletin and replies to text messages (issue 16, channels module). */
export const channelsTemplates = {
  bulletin: {
    channel: 'email',
    subject: (p) => p.title ?? 'News from your council',
    body: (p) =>
      `${p.intro ? `${p.intro}\n\n` : ''}${p.items}\n\n` +
      `Read this bulletin on the web:\n${p.web}\n\n` +
      `You get this because you subscribed to updates. Unsubscribe with one click:\n${p.unsubscribe}`,
  },
  'sms-reply': {
    channel: 'sms',
    subject: () => 'Reply',
    body: (p) => p.text ?? '',
  },
} satisfies Record<string, MessageTemplate>;

import type { MessageTemplate } from '../templates.ts';

/** Feedback, decisions and subscriptions (issue 4). */
export const feedbackTemplates = {} satisfies Record<string, MessageTemplate>;

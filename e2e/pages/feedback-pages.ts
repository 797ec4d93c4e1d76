/** Page helpers for the feedback journeys: navigation that waits, main text, and links read from the outbox. */
import type { Page } from 'playwright-core';
import type { Deps } from '../../src/deps.ts';

export async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}

export const mainText = (page: Page) => page.locator('main').innerText();

export const h1 = async (page: Page) => (await page.getByRole('heading', { level: 1 }).textContent())?.trim();

/** Messages sent to one address, oldest first, as the outbox holds them. */
export async function messagesTo(deps: Deps, recipient: string) {
  const rows = await deps.database.query<{ template: string; status: string; personalisation: Record<string, string> }>(
    `SELECT template, status, personalisation FROM outbox_messages WHERE recipient = $1 ORDER BY created_at`,
    [recipient],
  );
  return rows;
}

/** The path of the first link in a message body that starts with this path. */
export function linkIn(body: string, path: string): string {
  const match = new RegExp(`https?://[^/\\s]+(${path}[^\\s]+)`).exec(body);
  if (!match) throw new Error(`No ${path} link in: ${body}`);
  return match[1]!;
}

/** Subscribes by ward on the public form, and confirms from the link in the confirmation message. */
export async function subscribeByWard(
  page: Page,
  deps: Deps,
  email: string,
  ward: string,
  check: (label: string) => Promise<void>,
) {
  await page.goto('/subscribe');
  await check('subscribe form');
  await page.getByLabel('Email', { exact: true }).check();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel(ward, { exact: true }).check();
  await page.getByLabel('As it happens').check();
  await go(page, () => page.getByRole('button', { name: 'Subscribe' }).click());
  await check('check your email');
  const [confirm] = await messagesTo(deps, email);
  await page.goto(linkIn(confirm!.personalisation.body!, '/subscribe/confirm/'));
  await check('confirm subscription');
  await go(page, () => page.getByRole('button', { name: 'Confirm subscription' }).click());
  await check('subscription confirmed');
}

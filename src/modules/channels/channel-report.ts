/**
 * Which channels reach people, for one consultation: responses by channel (online, paper, email,
 * phone, event, SMS), online responses by the share link they started from, and answers to an
 * optional "how did you hear about this" question (keyed how_heard, how_did_you_hear or heard_about). Every table takes the
 * equality breakdown's small-number suppression (fewer than 10 hidden, with complementary cells).
 */
import type { Deps } from '../../deps.ts';
import { suppressTable, type PublicTable } from '../questionnaires/index.ts';
import * as repo from './share.repository.ts';
import { SHARE_CHANNELS } from './share.service.ts';

export const RESPONSE_CHANNELS: Record<string, string> = {
  online: 'Online',
  paper: 'Paper',
  email: 'Email',
  phone: 'Phone',
  event: 'Event',
  sms: 'SMS',
};

export interface ChannelReport {
  total: number;
  byChannel: PublicTable;
  byShareLink: PublicTable;
  links: { label: string; clicks: number }[];
  howHeard: PublicTable | null;
}

const table = (cells: { label: string; count: number }[]) =>
  suppressTable(
    cells,
    cells.reduce((sum, c) => sum + c.count, 0),
  );

const linkLabel = (l: { channel: string; target_path: string }) =>
  `${SHARE_CHANNELS[l.channel as keyof typeof SHARE_CHANNELS] ?? l.channel} (${l.target_path})`;

export async function channelReport(deps: Deps, consultationId: string): Promise<ChannelReport> {
  const [channels, links, heard, labels] = await Promise.all([
    repo.responsesByChannel(deps.db, consultationId),
    repo.responsesByShareLink(deps.db, consultationId),
    repo.howHeard(deps.db, consultationId),
    repo.howHeardLabels(deps.db, consultationId),
  ]);
  const count = (c: string) => channels.find((x) => x.channel === c)?.n ?? 0;
  const total = channels.reduce((sum, c) => sum + c.n, 0);
  const online = count('online');
  const fromLinks = links.reduce((sum, l) => sum + l.n, 0);
  return {
    total,
    byChannel: table(Object.entries(RESPONSE_CHANNELS).map(([value, label]) => ({ label, count: count(value) }))),
    byShareLink: table([
      ...links.map((l) => ({ label: linkLabel(l), count: l.n })),
      { label: 'Online, not from a share link', count: Math.max(0, online - fromLinks) },
    ]),
    // Clicks describe no one (a counter), so they are shown as they are.
    links: links.map((l) => ({ label: linkLabel(l), clicks: l.clicks })),
    howHeard: heard.length ? table(heard.map((h) => ({ label: labels.get(h.value) ?? h.value, count: h.n }))) : null,
  };
}

/**
 * What becomes of each line of an imported member list, judged against the group as it is now.
 * Pure, no I/O (unit-tested): the service gathers the group's members, open invitations, trades
 * and taken seats; the preview shows the verdicts and the confirmation invites the `invite` lines.
 */
import { emailAddress } from '../../shared/fields.js';
import { sha256Hex } from '../../shared/tokens.js';
import { phoneNumber } from '../schemas.js';
import { foldText, type ImportRow } from './table.js';

export const IMPORT_NAME_MAX = 100;

export type LineStatus = 'invite' | 'member' | 'invited' | 'error';

export type LineProblem = 'name_missing' | 'name_too_long' | 'bad_email' | 'duplicate' | 'bad_phone' | 'unknown_trade' | 'trade_taken';

export type ImportLine = {
  line: number;
  name: string;
  email: string;
  phone: string;
  /** The trade as the file spells it; `tradeName` as the group spells it once matched. */
  trade: string;
  tradeId: string | null;
  tradeName: string | null;
  status: LineStatus;
  problems: LineProblem[];
};

export type GroupSnapshot = {
  /** E-mails (any case) of the group's members. */
  memberEmails: readonly string[];
  /** E-mails of the group's open invitations. */
  invitedEmails: readonly string[];
  trades: readonly { id: string; name: string }[];
  /** Trades an active member holds, or an open invitation was made out for. */
  takenTradeIds: readonly string[];
  oneSeatPerTrade: boolean;
};

const tradeKey = (name: string) => foldText(name).replace(/\s+/g, ' ').trim();

/** Judges every line; the first line to claim a free trade gets it, later ones find it taken. */
export function judgeLines(rows: readonly ImportRow[], group: GroupSnapshot): ImportLine[] {
  const members = new Set(group.memberEmails.map((e) => e.toLowerCase()));
  const invited = new Set(group.invitedEmails.map((e) => e.toLowerCase()));
  const trades = new Map(group.trades.map((t) => [tradeKey(t.name), t]));
  const taken = new Set(group.takenTradeIds);
  const seen = new Set<string>();

  return rows.map((row) => {
    const problems: LineProblem[] = [];
    const email = emailAddress.safeParse(row.email);
    const key = row.email.trim().toLowerCase();
    const trade = row.trade ? trades.get(tradeKey(row.trade)) : undefined;
    const base = { ...row, tradeId: trade?.id ?? null, tradeName: trade?.name ?? null };

    if (!email.success) return { ...base, status: 'error' as const, problems: ['bad_email' as const] };
    if (members.has(key)) return { ...base, status: 'member' as const, problems };
    if (invited.has(key)) return { ...base, status: 'invited' as const, problems };
    if (seen.has(key)) problems.push('duplicate');
    seen.add(key);

    if (row.name === '') problems.push('name_missing');
    else if (row.name.length > IMPORT_NAME_MAX) problems.push('name_too_long');
    if (!phoneNumber.safeParse(row.phone).success) problems.push('bad_phone');
    if (row.trade && !trade) problems.push('unknown_trade');
    if (trade && group.oneSeatPerTrade && taken.has(trade.id)) problems.push('trade_taken');
    if (problems.length > 0) return { ...base, status: 'error' as const, problems };

    if (trade && group.oneSeatPerTrade) taken.add(trade.id);
    return { ...base, email: email.data, status: 'invite' as const, problems };
  });
}

export type ImportSummary = Record<LineStatus, number>;

export function summarise(lines: readonly ImportLine[]): ImportSummary {
  const summary: ImportSummary = { invite: 0, member: 0, invited: 0, error: 0 };
  for (const line of lines) summary[line.status] += 1;
  return summary;
}

/**
 * The fingerprint of a preview: the text and every verdict. The confirmation carries it; when the
 * text or the group changed in between (someone joined, a seat was taken), the digest differs and
 * the host sees the new preview instead of inviting blindly.
 */
export function previewDigest(text: string, lines: readonly ImportLine[]): string {
  const verdicts = lines.map((l) => [l.line, l.status, l.email.toLowerCase(), l.tradeId]);
  return sha256Hex(JSON.stringify([text, verdicts]));
}

import type { Db } from '../../../db/client.js';
import { createInvitation, type InvitationMail } from '../invitations/service.js';
import { memberQueries } from '../queries.js';
import { type GroupSnapshot, type ImportLine, type ImportSummary, judgeLines, previewDigest, summarise } from './lines.js';
import { importQueries } from './queries.js';
import { readTable } from './table.js';

/**
 * A host brings an existing member list into Kreis: the list is previewed line by line (nothing
 * is written), and on confirmation every `invite` line becomes an invitation with its mail, all
 * in one transaction. The confirmation carries the preview's digest; when the list or the group
 * changed since, nothing is written and the host sees the new preview.
 */

export type ImportGroup = { id: string; oneSeatPerTrade: boolean };

export type ImportPreview = { text: string; lines: ImportLine[]; summary: ImportSummary; digest: string };

async function snapshot(db: Db, group: ImportGroup, now: Date): Promise<GroupSnapshot> {
  const q = importQueries(db);
  const members = memberQueries(db);
  const [memberEmails, open, trades, holders] = await Promise.all([
    q.memberEmails(group.id),
    q.openInvitations(group.id, now),
    members.groupTrades(group.id),
    members.seatHolders(group.id),
  ]);
  return {
    memberEmails,
    invitedEmails: open.flatMap((i) => (i.email ? [i.email] : [])),
    trades,
    takenTradeIds: [...holders.map((h) => h.tradeId), ...open.flatMap((i) => (i.tradeId ? [i.tradeId] : []))],
    oneSeatPerTrade: group.oneSeatPerTrade,
  };
}

/** The preview of a list that was already read (see table.ts). */
export async function previewImport(db: Db, group: ImportGroup, text: string, rows: Parameters<typeof judgeLines>[0], now: Date): Promise<ImportPreview> {
  const lines = judgeLines(rows, await snapshot(db, group, now));
  return { text, lines, summary: summarise(lines), digest: previewDigest(text, lines) };
}

export type ConfirmInput = {
  group: ImportGroup;
  createdBy: string;
  text: string;
  digest: string;
  publicUrl: URL;
  mail: InvitationMail;
};

export type ConfirmResult =
  | { status: 'invited'; invited: number; mailed: number }
  | { status: 'changed'; preview: ImportPreview }
  | { status: 'unreadable' };

export async function confirmImport(db: Db, input: ConfirmInput, now: Date): Promise<ConfirmResult> {
  const table = readTable(input.text);
  if (!table.ok) return { status: 'unreadable' };
  return db.transaction(async (tx) => {
    await importQueries(tx).lockGroupImport(input.group.id);
    const preview = await previewImport(tx, input.group, table.text, table.rows, now);
    if (preview.digest !== input.digest) return { status: 'changed' as const, preview };
    let mailed = 0;
    for (const line of preview.lines) {
      if (line.status !== 'invite') continue;
      const created = await createInvitation(
        tx,
        {
          groupId: input.group.id,
          createdBy: input.createdBy,
          email: line.email,
          person: { name: line.name, phone: line.phone, tradeId: line.tradeId },
          publicUrl: input.publicUrl,
          mail: input.mail,
        },
        now,
      );
      if (created.mailed) mailed += 1;
    }
    return { status: 'invited' as const, invited: preview.summary.invite, mailed };
  });
}

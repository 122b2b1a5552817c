import type { Database } from '../../../db/client.js';

export type OneToOneOptions = {
  groupId: string;
  requesterId: string;
  partnerId: string;
  /** `requested`: asked, not yet answered; `logged`: the requester logged the meeting, the partner has to confirm. */
  status?: 'requested' | 'logged' | 'confirmed' | 'declined' | 'disputed';
  metOn?: string;
  durationMinutes?: number;
  requesterNote?: string;
  partnerNote?: string;
};

/** A one-to-one row straight into the database; a logged meeting gets a date (16 Nov 2026) and an hour unless said. */
export async function insertOneToOne(database: Database, options: OneToOneOptions): Promise<string> {
  const status = options.status ?? 'requested';
  const met = status !== 'requested' && status !== 'declined';
  const [row] = await database.query<{ id: string }>(
    `insert into one_to_ones (group_id, requester_id, partner_id, status, logged_by, met_on, duration_minutes, requester_note, partner_note)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      options.groupId,
      options.requesterId,
      options.partnerId,
      status,
      met ? options.requesterId : null,
      met ? (options.metOn ?? '2026-11-16') : null,
      met ? (options.durationMinutes ?? 60) : null,
      options.requesterNote ?? '',
      options.partnerNote ?? '',
    ],
  );
  return row!.id;
}

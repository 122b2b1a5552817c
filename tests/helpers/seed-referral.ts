import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createFeedbackRequest } from '../../server/feedback/requests.js';
import type { Locale } from '../../server/shared/i18n.js';
import { Browser, type TestApp } from './app.js';
import { seedGroup, seedMember } from './seed.js';

export type SeedReferralOptions = {
  locale?: Locale;
  giverName?: string;
  receiverName?: string;
  topic?: string;
  clientName?: string | null;
  clientEmail?: string | null;
  clientPhone?: string | null;
  receiverWarum?: string;
  receiverPublic?: boolean;
};

/**
 * A group with a giver and a receiver, a client and a referral between them, and the referral's
 * feedback request, made the way the referrals capability makes them (raw inserts for the rows,
 * createFeedbackRequest for the link). Returns the giver's link.
 */
export async function seedReferral(t: TestApp, options: SeedReferralOptions = {}) {
  const { database, app } = t;
  const now = t.clock.now();
  const { group } = await seedGroup(app.db, { locale: options.locale ?? 'de' });
  const giver = await seedMember(app.db, group.id, options.giverName ?? 'Thomas Berger');
  const receiver = await seedMember(app.db, group.id, options.receiverName ?? 'Aylin Demir');
  await database.query('update members set warum = $1, is_public = $2 where id = $3', [
    options.receiverWarum ?? 'Ich baue Websites, die kleinen Betrieben echte Kundschaft bringen – ohne Baukasten-Einheitsbrei.',
    options.receiverPublic ?? false,
    receiver.member.id,
  ]);

  const [client] = await database.query<{ id: string }>('insert into clients (group_id, key_hash) values ($1, $2) returning id', [
    group.id,
    randomBytes(16).toString('hex'),
  ]);
  const [referral] = await database.query<{ id: string }>(
    `insert into referrals (group_id, giver_id, receiver_id, client_id, topic, need, warmth,
       client_name, client_email, client_phone, due_at, created_at)
     values ($1, $2, $3, $4, $5, $6, 4, $7, $8, $9, $10, $11) returning id`,
    [
      group.id,
      giver.member.id,
      receiver.member.id,
      client!.id,
      options.topic ?? 'Webdesign',
      'Eine neue Website für die Bäckerei',
      options.clientName === undefined ? 'Claudia Kundin' : options.clientName,
      options.clientEmail === undefined ? 'claudia@example.org' : options.clientEmail,
      options.clientPhone === undefined ? '+49 170 1234567' : options.clientPhone,
      // Raw parameters: the postgres driver takes timestamps as ISO strings, not Dates.
      new Date(now.getTime() + 2 * 24 * 3600 * 1000).toISOString(),
      now.toISOString(),
    ],
  );
  const { token, path } = await createFeedbackRequest(app.db, referral!.id, now);
  return { group, giver, receiver, clientId: client!.id, referralId: referral!.id, token, path };
}

let ipCounter = 0;

/**
 * A client's browser from its own address, so each test has its own rate-limit budget on /f/*
 * (the limit counts per address; every inject request comes from 127.0.0.1 otherwise).
 */
export class ClientBrowser extends Browser {
  readonly ip: string;
  constructor(app: FastifyInstance, headers: Record<string, string> = {}) {
    super(app, headers);
    ipCounter++;
    this.ip = `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
  }

  override request(options: InjectOptions): Promise<LightMyRequestResponse> {
    return super.request({ ...options, remoteAddress: this.ip });
  }
}

/** A complete, valid answer as a browser posts it: contacted the same day, rating 5, would recommend, no comment. */
export const GOOD_ANSWERS: Record<string, string> = { contacted: 'yes', speed: 'same_day', rating: '5', recommend: 'yes', comment: '' };

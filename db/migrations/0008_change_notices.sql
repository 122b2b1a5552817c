-- Instances keep rendered pages and validated sessions in memory (server/plugins/freshness.ts).
-- Every statement that changes what a page or a session shows announces itself on one channel,
-- once per transaction (PostgreSQL folds equal notices), so every instance drops what it holds.
-- Statement-level: one notice per statement, whatever the number of rows. Left out on purpose:
-- round_events (the live round has its own fan-out), the mail outbox, password_resets, and the
-- derived directory aggregates (they change only with the tables they are built from).
CREATE FUNCTION kreis_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kreis_changed', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'groups', 'accounts', 'members', 'photos', 'trades', 'member_trades', 'invitations', 'sessions',
    'clients', 'referrals', 'feedback_requests', 'feedback', 'notifications', 'trust_events',
    'trust_corrections', 'breakfasts', 'breakfast_rsvps', 'breakfast_guests', 'breakfast_attendance',
    'referral_drafts', 'one_to_ones'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER kreis_announce_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION kreis_announce_change()',
      t
    );
  END LOOP;
END;
$$;

-- The trust ledger is append-only in the database itself: corrections are `reversal` events.
CREATE OR REPLACE FUNCTION trust_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the trust ledger is append-only: % on trust_events is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER trust_events_no_update_delete
  BEFORE UPDATE OR DELETE ON trust_events
  FOR EACH ROW EXECUTE FUNCTION trust_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER trust_events_no_truncate
  BEFORE TRUNCATE ON trust_events
  FOR EACH STATEMENT EXECUTE FUNCTION trust_events_reject_change();

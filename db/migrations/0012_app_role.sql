-- The application's role, which does not own the trust ledger: whoever holds the app's connection
-- can append to trust_events and read it, but cannot switch off its append-only triggers, alter
-- or drop it (only the owner can, and migrations run as the owner: MIGRATION_DATABASE_URL).
-- The app joins it either as a login role of its own (`CREATE ROLE kreis_web LOGIN ... IN ROLE
-- kreis_app`) or, given the owner's URL, by SET ROLE kreis_app on every connection (db/client.ts).
-- Roles belong to the whole cluster: created once, race-safe (test files migrate in parallel),
-- and skipped with a notice when the owner may not create roles. On PGlite it is harmless.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kreis_app') THEN
    BEGIN
      CREATE ROLE kreis_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'kreis_app not created (the migrating role may not create roles); ask your DBA for CREATE ROLE kreis_app NOLOGIN';
        RETURN;
    END;
  END IF;
  -- So the owner's own connection may SET ROLE kreis_app (a superuser may anyway).
  BEGIN
    EXECUTE format('GRANT kreis_app TO %I', current_user);
  EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN NULL;
  END;
  GRANT USAGE ON SCHEMA public TO kreis_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kreis_app;
  GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kreis_app;
  -- The ledger: read and append only (its triggers refuse UPDATE, DELETE and TRUNCATE as well).
  REVOKE UPDATE, DELETE, TRUNCATE ON trust_events FROM kreis_app;
  -- Tables and sequences later migrations create (as this same owner) get the same grants.
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO kreis_app;
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO kreis_app;
END
$$;

-- One application role per database (ESTRAN_APP_ROLE, `estran_app` by default), and no
-- connection to this database for anyone else (issue 15, finding 9).
--
-- A PostgreSQL role is cluster-wide: when every Estran database granted `estran_app`, the
-- owner of one of them (a member of `estran_app` since 0001) could connect to another,
-- take the role and read that database's tenants. From here on, migrations name the
-- role through `current_setting('estran.app_role')` (set by the migration runner), and
-- this database's privileges belong to that role alone.
DO $$
DECLARE
  app text := coalesce(nullif(current_setting('estran.app_role', true), ''), 'estran_app');
  t record;
  p text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
    EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', app);
  END IF;
  -- The owner takes the role when it also serves (PGlite, or one URL in development); a
  -- superuser may take any role without membership.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, app, 'MEMBER') THEN
    EXECUTE format('GRANT %I TO %I', app, current_user);
  END IF;

  IF app <> 'estran_app' THEN
    -- Copy what estran_app may do here (the append-only audit grants included), then
    -- take it all away from estran_app in this database.
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
    FOR t IN SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v') LOOP
      FOREACH p IN ARRAY ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'] LOOP
        IF has_table_privilege('estran_app', t.oid, p) THEN
          EXECUTE format('GRANT %s ON TABLE public.%I TO %I', p, t.relname, app);
        END IF;
      END LOOP;
    END LOOP;
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', app);
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM estran_app;
    REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM estran_app;
    REVOKE USAGE ON SCHEMA public FROM estran_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM estran_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM estran_app;
  END IF;

  -- Only the application role (and so its members: the serving login) and the owner
  -- connect to this database.
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app);
END $$;

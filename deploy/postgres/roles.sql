-- Estran on a PostgreSQL server (15 or later): the database and its three roles. Run
-- once, as a superuser, with psql:
--
--   psql -h db.example.fr -U postgres -d postgres -f deploy/postgres/roles.sql \
--        -v db=estran -v owner=estran_owner -v web=estran_web -v app=estran_app
--
-- (the names shown are the defaults). Optional: -v owner_password=… -v web_password=…
-- (else set them with \password, or authenticate with certificates in pg_hba.conf), and
-- -v backup=estran_backup for a pg_dump role (below).
--
--   owner  LOGIN CREATEROLE, owns the database and the schema: migrations only
--          (DATABASE_MIGRATION_URL). Not a superuser, no BYPASSRLS: row-level security
--          is forced on every tenant table, even for the owner.
--   app    NOLOGIN, owns nothing, cannot bypass RLS: every request's queries run as it
--          (ESTRAN_APP_ROLE). One per database — a role is cluster-wide, so two Estran
--          databases on one server each have their own. The migrations grant it what it
--          needs, table by table.
--   web    LOGIN NOINHERIT, member of app, owns nothing: the serving connection
--          (DATABASE_URL). Each connection takes the app role as it opens
--          (options -c role=…); being NOINHERIT, the login alone reads no table, so a
--          connection that did not take the role can do nothing.
\set ON_ERROR_STOP on
\if :{?db}
\else
  \set db estran
\endif
\if :{?owner}
\else
  \set owner estran_owner
\endif
\if :{?web}
\else
  \set web estran_web
\endif
\if :{?app}
\else
  \set app estran_app
\endif

CREATE ROLE :"owner" LOGIN CREATEROLE NOSUPERUSER NOCREATEDB NOREPLICATION NOBYPASSRLS;
\if :{?owner_password}
  ALTER ROLE :"owner" PASSWORD :'owner_password';
\endif

-- The owner creates the two others, so it administers them (PostgreSQL 16 and later give
-- a role's creator ADMIN OPTION on it; 15 lets any CREATEROLE role grant them): the
-- migrations may then alter and grant the application role without a superuser.
SET ROLE :"owner";
CREATE ROLE :"app" NOLOGIN NOINHERIT NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE ROLE :"web" LOGIN NOINHERIT NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT :"app" TO :"web";
RESET ROLE;
\if :{?web_password}
  ALTER ROLE :"web" PASSWORD :'web_password';
\endif

CREATE DATABASE :"db" OWNER :"owner" ENCODING 'UTF8' TEMPLATE template0;
-- Only Estran's roles connect to it (the migrations repeat the REVOKE).
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"web";

-- Optional (-v backup=estran_backup [-v backup_password=…]): a read-only role for pg_dump.
-- Row-level security is forced on every tenant table, for the owner too: pg_dump as the
-- owner stops ("query would be affected by row-level security policy"), and with
-- --enable-row-security it would silently dump no tenant's rows. This role reads every
-- table (pg_read_all_data) and bypasses RLS, and can write nothing.
\if :{?backup}
  CREATE ROLE :"backup" LOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
  GRANT pg_read_all_data TO :"backup";
  GRANT CONNECT ON DATABASE :"db" TO :"backup";
  \if :{?backup_password}
    ALTER ROLE :"backup" PASSWORD :'backup_password';
  \endif
\endif

\connect :"db"
-- The schema belongs to the owner; nobody else creates anything in it.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;

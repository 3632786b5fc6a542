-- The fleet (issue 17): an inventory of computers and security keys, each assigned to an
-- agent with dates, and deployment waves.
--
-- A computer of the inventory is a row of `devices` (migration 0002): the devices IT
-- registered with a one-time link are computers of the inventory, with a serial number
-- and a model from now on, and a status. Two invariants hold in the database itself, so
-- that no writer can bypass them:
--   - `stolen` ⇔ stolen_at is set: only the helpdesk's declaration (which ends the
--     device's sessions and revokes it) sets stolen_at, so the status follows from it;
--   - `assigned` ⇔ assigned_agent_id is set, and the open row of fleet_assignments names
--     the same agent (written together by features/devices).
ALTER TABLE devices ADD COLUMN serial text CHECK (length(serial) BETWEEN 1 AND 100);
ALTER TABLE devices ADD COLUMN model text CHECK (length(model) BETWEEN 1 AND 200);
ALTER TABLE devices ADD COLUMN status text NOT NULL DEFAULT 'in-stock'
  CHECK (status IN ('in-stock', 'assigned', 'in-repair', 'lost', 'stolen', 'retired'));
-- The browser that used the registration link (shown as « Firefox sur Windows »).
ALTER TABLE devices ADD COLUMN registered_user_agent text;
UPDATE devices SET status = CASE
  WHEN stolen_at IS NOT NULL THEN 'stolen'
  WHEN revoked_at IS NOT NULL THEN 'retired'
  WHEN assigned_agent_id IS NOT NULL THEN 'assigned'
  ELSE 'in-stock' END;
ALTER TABLE devices ADD CONSTRAINT devices_stolen_status CHECK ((status = 'stolen') = (stolen_at IS NOT NULL));
ALTER TABLE devices ADD CONSTRAINT devices_assigned_status CHECK ((status = 'assigned') = (assigned_agent_id IS NOT NULL));
CREATE UNIQUE INDEX devices_serial ON devices (tenant_id, serial) WHERE serial IS NOT NULL;

-- Security keys of the inventory (the physical FIDO2 keys IT hands out): a serial
-- number, an AAGUID (WebAuthn §6.5.1, the model's identifier), or both.
CREATE TABLE fleet_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  serial text CHECK (length(serial) BETWEEN 1 AND 100),
  aaguid uuid,
  model text CHECK (length(model) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'in-stock' CHECK (status IN ('in-stock', 'assigned', 'lost', 'retired')),
  assigned_agent_id uuid REFERENCES agents (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fleet_keys_identified CHECK (serial IS NOT NULL OR aaguid IS NOT NULL),
  CONSTRAINT fleet_keys_assigned_status CHECK ((status = 'assigned') = (assigned_agent_id IS NOT NULL)),
  CONSTRAINT fleet_keys_tenant_id_id UNIQUE (tenant_id, id),
  CONSTRAINT fleet_keys_assigned_agent_id_same_tenant FOREIGN KEY (tenant_id, assigned_agent_id) REFERENCES agents (tenant_id, id)
);
CREATE UNIQUE INDEX fleet_keys_serial ON fleet_keys (tenant_id, serial) WHERE serial IS NOT NULL;
CREATE INDEX fleet_keys_agent ON fleet_keys (tenant_id, assigned_agent_id) WHERE assigned_agent_id IS NOT NULL;
CREATE INDEX devices_agent ON devices (tenant_id, assigned_agent_id) WHERE assigned_agent_id IS NOT NULL;

-- Who held what, when: one row per holding of a computer or a key, `returned_at` null
-- while it lasts (at most one open holding per item).
CREATE TABLE fleet_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  device_id uuid REFERENCES devices (id) ON DELETE CASCADE,
  key_id uuid REFERENCES fleet_keys (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  returned_at timestamptz,
  CONSTRAINT fleet_assignments_one_item CHECK (num_nonnulls(device_id, key_id) = 1),
  CONSTRAINT fleet_assignments_dates CHECK (returned_at IS NULL OR returned_at >= assigned_at),
  CONSTRAINT fleet_assignments_device_id_same_tenant FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id),
  CONSTRAINT fleet_assignments_key_id_same_tenant FOREIGN KEY (tenant_id, key_id) REFERENCES fleet_keys (tenant_id, id),
  CONSTRAINT fleet_assignments_agent_id_same_tenant FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);
CREATE UNIQUE INDEX fleet_assignments_open_device ON fleet_assignments (device_id) WHERE returned_at IS NULL AND device_id IS NOT NULL;
CREATE UNIQUE INDEX fleet_assignments_open_key ON fleet_assignments (key_id) WHERE returned_at IS NULL AND key_id IS NOT NULL;
CREATE INDEX fleet_assignments_device ON fleet_assignments (tenant_id, device_id);
CREATE INDEX fleet_assignments_key ON fleet_assignments (tenant_id, key_id);
CREATE INDEX fleet_assignments_agent ON fleet_assignments (tenant_id, agent_id);
-- The devices already assigned before this migration: their holding starts when they were created.
INSERT INTO fleet_assignments (tenant_id, device_id, agent_id, assigned_at)
  SELECT tenant_id, id, assigned_agent_id, created_at FROM devices WHERE status = 'assigned';

-- Deployment waves: agents to equip by a date.
CREATE TABLE fleet_waves (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  due_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fleet_waves_name UNIQUE (tenant_id, name),
  CONSTRAINT fleet_waves_tenant_id_id UNIQUE (tenant_id, id)
);
CREATE TABLE fleet_wave_agents (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  wave_id uuid NOT NULL REFERENCES fleet_waves (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (wave_id, agent_id),
  CONSTRAINT fleet_wave_agents_wave_id_same_tenant FOREIGN KEY (tenant_id, wave_id) REFERENCES fleet_waves (tenant_id, id),
  CONSTRAINT fleet_wave_agents_agent_id_same_tenant FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);
CREATE INDEX fleet_wave_agents_agent ON fleet_wave_agents (tenant_id, agent_id);

DO $$
DECLARE
  app text := coalesce(nullif(current_setting('estran.app_role', true), ''), 'estran_app');
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['fleet_keys', 'fleet_assignments', 'fleet_waves', 'fleet_wave_agents'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())',
      t || '_tenant_isolation', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO %I', t, app);
  END LOOP;
END $$;

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { roles, type Role } from '../org/schemas.ts';
import { canAdministerOperator, canAdministerTenant } from './admin.ts';

const actor = fc.record({
  roles: fc.uniqueArray(fc.constantFrom<Role>(...roles)),
  operator: fc.boolean(),
});

describe('admin policies', () => {
  it('grant the tenant admin area exactly to admins', () => {
    fc.assert(fc.property(actor, (a) => canAdministerTenant(a) === a.roles.includes('admin')));
  });

  it('grant operator administration only to admins of the operator tenant', () => {
    fc.assert(
      fc.property(actor, (a) => canAdministerOperator(a) === (a.operator && a.roles.includes('admin'))),
    );
  });

  it('never grant operator powers without tenant admin powers', () => {
    fc.assert(fc.property(actor, (a) => !canAdministerOperator(a) || canAdministerTenant(a)));
  });

  it('refuses agents, managers, helpdesk and alert senders', () => {
    assert.equal(canAdministerTenant({ roles: ['agent', 'manager', 'helpdesk', 'alert_sender'], operator: true }), false);
  });
});

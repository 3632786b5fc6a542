import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { roles, type Role } from '../org/schemas.ts';
import { canAdministerOperator, canAdministerTenant, changesOwnRoles, removesLastAdmin } from './admin.ts';

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

  it('refuse a change of one’s own roles, and only of them', () => {
    const someRoles = fc.uniqueArray(fc.constantFrom<Role>(...roles));
    fc.assert(
      fc.property(someRoles, someRoles, fc.boolean(), (before, after, self) => {
        const same = before.length === after.length && before.every((r) => after.includes(r));
        return changesOwnRoles('a', self ? 'a' : 'b', before, after) === (self && !same);
      }),
    );
    assert.equal(changesOwnRoles('a', 'a', ['agent', 'admin'], ['admin', 'agent']), false);
    assert.equal(changesOwnRoles(null, 'a', ['agent'], ['admin']), false);
  });

  it('refuse removing or deactivating the last active administrator', () => {
    const admin = { id: 'a', roles: ['agent', 'admin'] as Role[], status: 'active' as const };
    assert.equal(removesLastAdmin([admin], admin, { roles: ['agent'], status: 'active' }), true);
    assert.equal(removesLastAdmin([admin], admin, { roles: admin.roles, status: 'disabled' }), true);
    assert.equal(removesLastAdmin([admin], admin, { roles: admin.roles, status: 'active' }), false);
    assert.equal(removesLastAdmin([admin, { id: 'b' }], admin, { roles: ['agent'], status: 'disabled' }), false);
    // An agent who was not an active administrator never counts.
    const plain = { id: 'c', roles: ['agent'] as Role[], status: 'active' as const };
    assert.equal(removesLastAdmin([], plain, { roles: ['agent'], status: 'disabled' }), false);
    const disabledAdmin = { ...admin, id: 'd', status: 'disabled' as const };
    assert.equal(removesLastAdmin([], disabledAdmin, { roles: ['agent'], status: 'disabled' }), false);
  });
});

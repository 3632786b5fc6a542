import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { roles, type Role } from '../org/schemas.ts';
import { canActOnCredentials, canUseHelpdesk, helpdeskManagedRoles } from './helpdesk.ts';

const someRoles = fc.uniqueArray(fc.constantFrom<Role>(...roles));
const actor = fc.record({ roles: someRoles, operator: fc.boolean(), agentId: fc.constantFrom('a', 'b') });
const target = fc.record({ id: fc.constantFrom('a', 'b', 'c'), roles: someRoles });

describe('helpdesk policies', () => {
  it('never act on one’s own credentials', () => {
    fc.assert(fc.property(actor, someRoles, (a, r) => !canActOnCredentials(a, { id: a.agentId, roles: r })));
  });

  it('let a helpdesk agent who is not an administrator act only for agents and managers', () => {
    fc.assert(
      fc.property(actor, target, (a, t) => {
        if (a.roles.includes('admin') || a.agentId === t.id) return true;
        const expected = canUseHelpdesk(a) && t.roles.every((r) => r === 'agent' || r === 'manager');
        return canActOnCredentials(a, t) === expected;
      }),
    );
  });

  it('never let the helpdesk act for someone holding a right it does not manage', () => {
    fc.assert(
      fc.property(actor, target, (a, t) => {
        const privileged = t.roles.some((r) => !helpdeskManagedRoles.includes(r));
        return !(privileged && canActOnCredentials(a, t)) || a.roles.includes('admin');
      }),
    );
  });

  it('send administrators, helpdesk agents and alert senders to an administrator', () => {
    const helpdesk = { roles: ['helpdesk'] as Role[], operator: true, agentId: 'h' };
    for (const role of ['admin', 'helpdesk', 'alert_sender'] as const) {
      assert.equal(canActOnCredentials(helpdesk, { id: 'x', roles: ['agent', role] }), false, role);
      assert.equal(canActOnCredentials({ ...helpdesk, roles: ['admin'] }, { id: 'x', roles: ['agent', role] }), true, role);
    }
    assert.equal(canActOnCredentials(helpdesk, { id: 'x', roles: ['agent', 'manager'] }), true);
    assert.equal(canActOnCredentials({ roles: ['agent', 'manager'], operator: false, agentId: 'm' }, { id: 'x', roles: ['agent'] }), false);
  });
});

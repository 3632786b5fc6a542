import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { roles, type Role } from '../org/schemas.ts';
import { canAdministerTenant } from './admin.ts';
import { canEditGuide } from './guide.ts';

const actor = fc.record({ roles: fc.uniqueArray(fc.constantFrom<Role>(...roles)), operator: fc.boolean() });

describe('guide policies', () => {
  it('let only admins write a guide, and only the operator’s admins the shared guide', () => {
    fc.assert(
      fc.property(actor, fc.boolean(), (a, shared) =>
        canEditGuide(a, { shared }) === (a.roles.includes('admin') && (!shared || a.operator)),
      ),
    );
  });

  it('never let someone write the shared guide who cannot write a guide of their own', () => {
    fc.assert(fc.property(actor, (a) => !canEditGuide(a, { shared: true }) || canEditGuide(a, { shared: false })));
    fc.assert(fc.property(actor, (a) => canEditGuide(a, { shared: false }) === canAdministerTenant(a)));
  });

  it('refuses a tenant admin the shared guide, and every other role any guide', () => {
    assert.equal(canEditGuide({ roles: ['admin'], operator: false }, { shared: true }), false);
    assert.equal(canEditGuide({ roles: ['agent', 'manager', 'helpdesk', 'alert_sender'], operator: true }, { shared: false }), false);
    assert.equal(canEditGuide({ roles: ['admin'], operator: true }, { shared: true }), true);
  });
});

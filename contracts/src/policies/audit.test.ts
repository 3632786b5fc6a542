import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { roles, type Role } from '../org/schemas.ts';
import { canAdministerTenant } from './admin.ts';
import { canReadAudit } from './audit.ts';

const actor = fc.record({ roles: fc.uniqueArray(fc.constantFrom<Role>(...roles)), operator: fc.boolean() });

describe('audit policies', () => {
  it('let exactly administrators and the data protection officer read the audit trail', () => {
    fc.assert(fc.property(actor, (a) => canReadAudit(a) === (a.roles.includes('admin') || a.roles.includes('dpo'))));
  });

  it('give the DPO the trail without the admin area, and nobody else', () => {
    assert.equal(canReadAudit({ roles: ['dpo'], operator: false }), true);
    assert.equal(canAdministerTenant({ roles: ['dpo'], operator: false }), false);
    assert.equal(canReadAudit({ roles: ['admin'], operator: false }), true);
    assert.equal(canReadAudit({ roles: ['agent', 'manager', 'helpdesk', 'alert_sender'], operator: true }), false);
    assert.equal(canReadAudit({ roles: [], operator: true }), false);
  });
});

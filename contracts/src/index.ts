export * from './limits.ts';
export * from './errors.ts';
export * from './org.ts';
export * from './session.ts';
export * from './health.ts';
export * from './policies/admin.ts';

export { helpdeskRoutes } from './routes.ts';
export { issueUnblockCode } from './issue-unblock-code.ts';

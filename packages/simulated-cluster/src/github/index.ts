export { FakeGitHubApi } from './FakeGitHubApi';
export type { FakeGitHubApiOptions } from './FakeGitHubApi';

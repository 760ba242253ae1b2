// n8n's own community-node lint (the rules `n8n-node lint` and the community
// package scanner apply).
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{ ignores: ['test/**', 'bench/**', 'scripts/**', 'examples/**', 'gulpfile.js', 'jest.config.js', 'eslint.config.mjs'] },
];

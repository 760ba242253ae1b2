// Three layers (see ../shared/DESIGN.md): unit (pure code and the simulator
// itself), nodes (operations over real HTTP against the simulator), e2e (the
// packed package inside a real, pinned n8n).
const tsJest = ['ts-jest', { diagnostics: false, tsconfig: { isolatedModules: true } }];
const project = (displayName, roots, extra = {}) => ({
  displayName,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  testMatch: roots.map((root) => `<rootDir>/${root}/**/*.test.ts`),
  ...extra,
});

module.exports = {
  projects: [
    project('unit', ['test/unit', 'test/simulator']),
    project('nodes', ['test/nodes']),
    project('e2e', ['test/e2e']),
    // Long seeded fault runs: `npm run test:soak` (CI runs it after npm test).
    project('soak', ['test/soak']),
  ],
};

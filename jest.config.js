/** Unit, integration and end-to-end tests; `npm test` runs them all. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 60000,
  // Integration tests start servers; two cores are shared between them.
  maxWorkers: 2,
};

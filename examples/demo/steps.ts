// The demo's steps, in the order the story tells them, shared by `npm run demo` (examples/demo.ts) and the e2e
// test (tests/e2e/demo.e2e.test.ts). Each step does one thing, checks that it happened (StepFailed when it did
// not), and returns what it saw so the caller can print it or assert more.
export { StepFailed, type Say, type StepResult } from './step.js';
export { copyExample, startServices } from './steps/set-up.js';
export { runLegacyServer } from './steps/legacy-server.js';
export {
  applyMigration,
  EXPECTED_RULES_BEFORE,
  MIGRATED_RULES,
  previewMigration,
  scanAfter,
  scanBefore,
} from './steps/find-and-fix.js';
export {
  callTools,
  rideOutOutage,
  startMigratedServer,
  stopMigratedServer,
  waitForRotation,
  type CallRecord,
} from './steps/migrated-server.js';
export { cleanUp } from './steps/clean-up.js';

// Runs once before every test file of a run (vitest's globalSetup): the browser tests of both files serve the same
// build, so it is made once, not once per file (each file has its own module state).
import { buildExplorer } from "./harness";

export default function setup(): void {
  buildExplorer();
}

/** A benchmark section: `npm run bench` runs each registered section in turn. */
export interface BenchSection {
  /**
   * Runs the section's benchmark and prints a small table to stdout. Throwing marks the section
   * failed (the others still run); setting `process.exitCode` non-zero marks a missed target.
   */
  run(): Promise<void>;
}

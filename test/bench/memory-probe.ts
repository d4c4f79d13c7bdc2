/**
 * Loaded with `--require` into a bench child process (bot or store): on
 * SIGUSR2 it collects garbage (with --expose-gc) and prints its memory as
 * one line, `BENCH_MEMORY {...}`, for the bench to read.
 */
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.stdout.write(`\nBENCH_MEMORY ${JSON.stringify(process.memoryUsage())}\n`);
});
export {};

/**
 * How busy the machine is: the 1-minute load average per CPU. Tests that hold wall-clock bounds
 * (the e2e long-task budgets, the bad-input table's "looks hung" bound) scale them by it, since
 * other processes competing for the CPUs stretch every step without anything being wrong.
 */
import os from 'node:os';

export function loadPerCpu(): number {
  return os.loadavg()[0]! / os.availableParallelism();
}

import type { Command } from 'commander';

/** Every command family registers here. */
export function registerCommands(program: Command): void {
  void program;
}

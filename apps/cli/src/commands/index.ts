import type { Command } from 'commander';
import { registerTransparencyCommands } from './transparency';
import { registerOfficeCommands } from './office';
import { registerDlqCommands } from './dlq';
import { registerPkiCommands } from './pki';
import { registerEventsCommands } from './events';

/** Every command family registers here. */
export function registerCommands(program: Command): void {
  registerOfficeCommands(program);
  registerTransparencyCommands(program);
  registerDlqCommands(program);
  registerPkiCommands(program);
  registerEventsCommands(program);
}

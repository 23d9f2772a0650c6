import express from 'express';
import { portFromEnv, startApp } from '@uocava/platform';
import { WitnessModule } from './app.module';

startApp(WitnessModule, {
  name: 'witness',
  port: portFromEnv('PORT', 3005),
  configure: (app) => {
    // add-checkpoint bodies are text (old size, proof lines, the checkpoint): at most 64 proof lines and a note
    app.use('/add-checkpoint', express.text({ type: () => true, limit: '64kb' }));
  },
}).catch((error: unknown) => {
  console.error(`[witness] not started: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { portFromEnv, startApp } from '@uocava/platform';
import { BallotsModule } from './app.module';

void startApp(BallotsModule, { name: 'ballots', port: portFromEnv('PORT', 3002) });

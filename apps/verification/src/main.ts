import { portFromEnv, startApp } from '@uocava/platform';
import { VerificationModule } from './app.module';

void startApp(VerificationModule, { name: 'verification', port: portFromEnv('PORT', 3001) });

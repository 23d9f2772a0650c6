import { portFromEnv, startApp } from '@uocava/platform';
import { ReceiptsModule } from './app.module';

void startApp(ReceiptsModule, { name: 'receipts', port: portFromEnv('PORT', 3003) });

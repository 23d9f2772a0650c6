import { portFromEnv, startApp } from '@uocava/platform';
import { NotificationsModule } from './app.module';

void startApp(NotificationsModule, { name: 'notifications', port: portFromEnv('PORT', 3004) });

import { portFromEnv, startApp } from '@uocava/platform';
import { GatewayModule } from './app.module';
import { configureGateway, gatewayErrorPage, localizeVoterProblem } from './setup';

void startApp(GatewayModule, {
  name: 'gateway',
  port: portFromEnv('PORT', 3000),
  configure: configureGateway,
  errorPage: gatewayErrorPage,
  localizeProblem: localizeVoterProblem,
});

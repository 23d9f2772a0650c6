import { Global, Module } from '@nestjs/common';
import { AssetsController, WebAssets } from './assets';
import { Pages } from './pages';

/** What every web page needs: the bundled browser assets and the page renderer. */
@Global()
@Module({ controllers: [AssetsController], providers: [WebAssets, Pages], exports: [Pages] })
export class WebModule {}

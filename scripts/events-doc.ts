/** Writes docs/events.md from the event catalogue; `--check` fails when the file is stale. */
import { join } from 'node:path';
import { eventsMarkdown } from '@uocava/contracts/asyncapi/events-doc';
import { DATASCHEMA_PATH } from '@uocava/messaging';
import { writeGenerated } from './generated-file';

void writeGenerated(
  join(__dirname, '../docs/events.md'),
  eventsMarkdown(`<PUBLIC_URL>${DATASCHEMA_PATH}`),
  'npm run events-doc',
);

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiYaml } from '@uocava/contracts/asyncapi/generate';

writeFileSync(join(__dirname, '../docs/asyncapi.yaml'), asyncApiYaml());
console.log('wrote docs/asyncapi.yaml');

'use strict';
/**
 * The baseline for `npm run bench`: a bare NestJS 11 app on Express with one POST route that
 * returns a small JSON body. Plain JS, no decorator syntax: the decorators are applied as
 * functions, so it runs with `node` and no build step.
 *
 *   node scripts/bench/bare-app.js [port]   -> prints "listening <port>" on stdout
 */
require('reflect-metadata');
const { Body, Controller, HttpCode, Module, Post } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

class BareController {
  run(body) {
    return { session_id: (body && body.session_id) || 'bench', outputs: [{ inputs: { input_value: body && body.input_value }, outputs: [] }] };
  }
}
Controller('api/v1')(BareController);
Body()(BareController.prototype, 'run', 0);
const runDescriptor = Object.getOwnPropertyDescriptor(BareController.prototype, 'run');
HttpCode(200)(BareController.prototype, 'run', runDescriptor);
Post('run/:flow')(BareController.prototype, 'run', runDescriptor);
Reflect.defineMetadata('design:paramtypes', [Object], BareController.prototype, 'run');

class BareModule {}
Module({ controllers: [BareController] })(BareModule);

async function main() {
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  const port = Number(process.argv[2] || process.env.PORT || 0);
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.stdout.write(`listening ${address.port}\n`);
  const stop = () => app.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});

import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import cookieParser from 'cookie-parser';
import { APP_CONFIG, ServerConfig } from './config/config.module';
import { translateBodyParserErrors } from './common/http/body-parser-errors';
import { parseLangflowQuery } from './common/http/query-parser';
import { NESTFLOW_VERSION } from './meta/version';

/** Everything main.ts and the e2e tests share, so tests run the app users run. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const config = app.get<ServerConfig>(APP_CONFIG);
  const bodyLimit = `${config.maxFileSizeUploadMb}mb`;

  express.set('query parser', (query: string) => parseLangflowQuery(query));
  express.set('x-powered-by', false);
  express.set('etag', false);
  express.useBodyParser('json', { limit: bodyLimit });
  express.useBodyParser('urlencoded', { limit: bodyLimit, extended: true });
  express.use(translateBodyParserErrors);
  express.use(cookieParser());
  // gzip for clients that accept it (large flow lists, /all); event streams stay uncompressed so each event is flushed at once.
  const gzip = compression({ filter: (req, res) => !/text\/event-stream|application\/x-ndjson/i.test(String(res.getHeader('Content-Type') ?? '')) && compression.filter(req, res) });
  // GET/HEAD only: /run and the other POSTs answer small JSON that Langflow sends uncompressed; gzipping it cost ~45% more CPU per /run for clients sending Accept-Encoding (python-requests, fetch).
  express.use((req: Request, res: Response, next: NextFunction) => (req.method === 'GET' || req.method === 'HEAD' ? gzip(req, res, next) : next()));
  express.enableCors({
    // '*' with credentials has to reflect the caller's origin to be honoured by browsers.
    origin: config.cors.origins === '*' ? true : config.cors.origins,
    credentials: config.cors.allowCredentials,
    methods: config.cors.allowMethods === '*' ? undefined : config.cors.allowMethods,
    allowedHeaders: config.cors.allowHeaders === '*' ? undefined : config.cors.allowHeaders,
  });
  express.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Nestflow')
      .setDescription('A Langflow-compatible flow server')
      .setVersion(NESTFLOW_VERSION)
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}

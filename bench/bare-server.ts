import Fastify from 'fastify';

/* The ceiling for bench ratios: a bare Fastify route, no logger, no plugins. Prints its port on stdout. */

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const close = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGINT', close);
process.once('SIGTERM', close);

const port = Number(process.env.BENCH_PORT ?? 0);
await app.listen({ port, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);

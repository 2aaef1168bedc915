// The `bq` that load.sh runs in tests: forwards its argv and working directory to the fake bq in
// the test process (fake-bq.ts) and exits with its answer. node:http, not fetch: it starts faster.
import { request } from 'node:http';

const body = JSON.stringify({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  db: process.env.FAKE_BQ_DB ?? '',
});
const call = request(process.env.FAKE_BQ_URL ?? '', { method: 'POST' }, (response) => {
  const chunks = [];
  response.on('data', (chunk) => chunks.push(chunk));
  response.on('end', () => {
    const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    process.stdout.write(answer.stdout);
    process.stderr.write(answer.stderr);
    process.exitCode = answer.code;
  });
});
call.on('error', (error) => {
  process.stderr.write(`bq-client: ${error.message}\n`);
  process.exitCode = 1;
});
call.end(body);

/**
 * Benchmark dispatcher: `npm run bench` (= node --expose-gc --import tsx bench/run.ts [name…]).
 * Not a timed test. Add a benchmark by exporting a `Benchmark` from its module and listing it here.
 */

import { importBenchmark } from './import';
import { type Benchmark, formatTable } from './measure';
import { normalizeBenchmark } from './normalize';
import { summaryBenchmark } from './summary';

const BENCHMARKS: readonly Benchmark[] = [normalizeBenchmark, importBenchmark, summaryBenchmark];

const wanted = process.argv.slice(2);
const selected = wanted.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => wanted.includes(b.name));
if (selected.length === 0) {
  process.stderr.write(
    `알 수 없는 벤치마크 / unknown benchmark: ${wanted.join(', ')}. 사용 가능 / available: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`,
  );
  process.exitCode = 2;
} else {
  for (const benchmark of selected) {
    process.stdout.write(`# ${benchmark.name}: ${benchmark.description}\n`);
    const result = await benchmark.run();
    process.stdout.write(`${formatTable(result)}\n\n`);
  }
}

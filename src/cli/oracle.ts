// `npm run oracle -- FILE...`: checks oracle files (any name, any cases, in the oracle's format) against the float64
// core and the tf.js losses. One summary line per file, then the failures of failed cases, indented:
//   NAME cases=N failed=K worst_rel_err=X worst_rel_err_tf=Y
// Exit status 1 when any case fails or a file cannot be read or parsed.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CaseResult } from './oracle/compare';
import { checkFile64, worstRelErr } from './oracle/float64Checks';
import { checkFileTf } from './oracle/tfChecks';

// Failure messages shown per case and half; the rest are counted (a wrong matrix can fail every entry).
const MESSAGES_PER_CASE = 8;

async function main(files: readonly string[]): Promise<number> {
  if (files.length === 0) {
    console.error('usage: npm run oracle -- FILE.json [FILE.json ...]');
    return 1;
  }
  let exitCode = 0;
  for (const file of files) {
    const name = basename(file);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      console.log(`${name} error: cannot read or parse: ${errorMessage(error)}`);
      exitCode = 1;
      continue;
    }
    const results64 = checkFile64(doc);
    let resultsTf: CaseResult[] | null;
    try {
      resultsTf = await checkFileTf(doc);
    } catch (error) {
      resultsTf = [
        { id: '(file)', failures: [`tf.js check crashed: ${errorMessage(error)}`], worstRelErr: 0 },
      ];
    }
    // A case fails when either half fails it; tf.js results for ids the float64 half lacks (a crash) count too.
    const failedIds = new Set(
      [...results64, ...(resultsTf ?? [])].filter((r) => r.failures.length > 0).map((r) => r.id),
    );
    const ids64 = new Set(results64.map((r) => r.id));
    const extraTf = (resultsTf ?? []).filter((r) => !ids64.has(r.id)).map((r) => r.id);
    const caseCount = results64.length + new Set(extraTf).size;
    const tfWorst = resultsTf === null ? 'n/a' : shortExponent(worstRelErr(resultsTf));
    console.log(
      `${name} cases=${caseCount} failed=${failedIds.size} worst_rel_err=${shortExponent(worstRelErr(results64))} worst_rel_err_tf=${tfWorst}`,
    );
    for (const id of failedIds) {
      console.log(`  ${id}`);
      printFailures('float64', results64, id);
      if (resultsTf !== null) printFailures('tf.js', resultsTf, id);
    }
    if (failedIds.size > 0) exitCode = 1;
  }
  return exitCode;
}

function printFailures(half: string, results: readonly CaseResult[], id: string): void {
  const failures = results.filter((r) => r.id === id).flatMap((r) => r.failures);
  for (const message of failures.slice(0, MESSAGES_PER_CASE)) console.log(`    [${half}] ${message}`);
  if (failures.length > MESSAGES_PER_CASE) {
    console.log(`    [${half}] ... and ${failures.length - MESSAGES_PER_CASE} more`);
  }
}

/** 3.2e-15 style: one decimal, no '+' in positive exponents. */
function shortExponent(value: number): string {
  return value.toExponential(1).replace('e+', 'e');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`oracle: ${errorMessage(error)}`);
    process.exitCode = 1;
  },
);

/**
 * Anchor for the emulator's formula coefficients (gas-emulator/README.md, "Cost model"): how long a
 * spreadsheet engine takes per MAXIFS criterion-range cell. No published Google Sheets figure was
 * found, so this measures HyperFormula (a real engine, on this machine) on MAXIFS shaped like the Fees
 * formulas: 3 criteria + the max range over `settingsRows` rows. Prints one JSON line per case.
 * Run: `npx tsx bench/formula-recalc.ts`. Not a test; the figures vary with the machine.
 */
import { HyperFormula } from 'hyperformula';

const CASES: readonly (readonly [settingsRows: number, formulaRows: number])[] = [
  [2000, 1000],
  [2000, 4000],
  [500, 4000],
];

for (const [settingsRows, formulaRows] of CASES) {
  const settings = Array.from({ length: settingsRows }, (_, i) => [
    i % 3 === 0 ? 'option' : 'product',
    String(1000 + (i % 700)),
    45000 + (i % 50),
    (i % 13) + 1,
  ]);
  const last = settingsRows;
  const fees = Array.from({ length: formulaRows }, (_, i) => [
    String(1000 + (i % 900)),
    45020 + (i % 30),
    `=MAXIFS(Settings!$D$1:$D$${last}, Settings!$A$1:$A$${last}, "option", Settings!$B$1:$B$${last}, A${i + 1}, Settings!$C$1:$C$${last}, "<="&B${i + 1})`,
  ]);
  const scanned = formulaRows * 4 * settingsRows;
  const t0 = performance.now();
  const hf = HyperFormula.buildFromSheets({ Settings: settings, Fees: fees }, { licenseKey: 'gpl-v3' });
  const built = performance.now() - t0;
  // One settings edit: every formula reading the ranges recalculates.
  const t1 = performance.now();
  hf.setCellContents({ sheet: hf.getSheetId('Settings') ?? 0, row: 5, col: 3 }, [[99]]);
  const edited = performance.now() - t1;
  hf.destroy();
  const perCell = (ms: number) => Number(((ms * 1e6) / scanned).toFixed(1));
  process.stdout.write(
    `${JSON.stringify({
      settingsRows,
      formulaRows,
      scannedCells: scanned,
      buildMs: Math.round(built),
      editMs: Math.round(edited),
      buildNsPerScannedCell: perCell(built),
      editNsPerScannedCell: perCell(edited),
    })}\n`,
  );
}

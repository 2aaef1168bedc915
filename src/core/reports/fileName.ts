/**
 * What a settlement file's name says. WING names every settlement report
 * `{vendorId}-{REPORT}-ko-{uuid}.xlsx` (coupang-exports.md), e.g.
 * `A00012345-CATEGORY_TR-ko-70d41e73-….xlsx`: the vendor ID (업체코드) is nowhere inside the file.
 */
import { ReportCode } from '../model/records';
import { baseName } from '../read/readFile';

const SETTLEMENT_NAME = /^([A-Za-z]\d{5,})-([A-Z][A-Z_]*[A-Z])-[a-z]{2}-/;

/** The 업체코드 of a settlement file name (upper case), or null when the name is not in that form
 *  (a renamed file, a 판매분석 download): an empty cell is better than a guessed vendor. */
export function vendorIdFromFileName(fileName: string): string | null {
  const match = SETTLEMENT_NAME.exec(baseName(fileName));
  if (!match) return null;
  const report = ReportCode.safeParse(match[2]);
  if (!report.success || report.data === 'SELLER_INSIGHTS') return null;
  return (match[1] ?? '').toUpperCase();
}

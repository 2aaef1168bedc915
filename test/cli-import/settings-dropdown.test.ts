// The 범위 (scope) column of the commission settings tab offers the words the rules accept as a
// dropdown, as the add-on sets it (Sheets data validation), in a workbook `cjet import` creates.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { XlsxWorkbookPort } from '../../src/cli/workbook/xlsx-port';
import { ensureManagedTabs } from '../../src/core/merge/engine';
import { SETTINGS_TAB } from '../../src/core/model/tabs';

describe('the settings tab of a new workbook', () => {
  it('has a 범위 dropdown (Korean words first, then the English codes) read back by exceljs', async () => {
    const port = XlsxWorkbookPort.create('ko');
    ensureManagedTabs(port);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await port.save()) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet(SETTINGS_TAB.ko)!;
    expect(sheet.getCell(1, 1).value).toBe('범위');
    for (const address of ['A2', 'A3', 'A5000']) {
      const validation = sheet.getCell(address).dataValidation;
      expect(validation, address).toMatchObject({
        type: 'list',
        allowBlank: true,
        showErrorMessage: true,
        formulae: ['"옵션,상품,카테고리,option,product,category"'],
      });
    }
    // The header row and the other columns are free.
    expect(sheet.getCell('A1').dataValidation).toBeUndefined();
    expect(sheet.getCell('B2').dataValidation).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  ALL_TABS,
  type ColumnDef,
  columnIndex,
  FEES_TAB,
  matchHeader,
  SETTINGS_TAB,
  type TabDef,
  writeSegments,
} from '../../src/core/model/tabs';
import { V1_TABS, v1Header } from '../fixtures/v1-tabs';

const col = (key: string, ko: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  key,
  ko,
  en: key.toUpperCase(),
  type: 'text',
  ...extra,
});

// A made-up tab: two version-1 columns, a user-owned one, then two added in version 2.
const TAB: TabDef = {
  id: 'fees',
  ko: '수수료',
  en: 'Fees',
  protect: true,
  columns: [
    col('a', '가', { former: ['옛 가'] }),
    col('b', '나'),
    col('o', '직접', { userOwned: true }),
    col('c', '다', { since: 2 }),
    col('d', '라', { since: 2 }),
  ],
};

describe('matchHeader', () => {
  it('a current header, with a user column to the right, needs nothing', () => {
    expect(matchHeader(TAB, ['가', '나', '직접', '다', '라', '내 메모'], 'ko')).toEqual({
      status: 'current',
      relabel: false,
    });
  });

  it('a former label, the other language or the key is recognised and relabelled', () => {
    expect(matchHeader(TAB, ['옛 가', 'B', 'o', '다', 'd'], 'ko')).toEqual({
      status: 'current',
      relabel: true,
    });
    expect(matchHeader(TAB, ['A', 'B', 'O', 'C', 'D'], 'en')).toEqual({ status: 'current', relabel: false });
  });

  it('a version-1 table (user columns after it) is an upgrade after its last column', () => {
    expect(matchHeader(TAB, ['가', '나', '직접', '메모', '확인'], 'ko')).toEqual({
      status: 'upgrade',
      present: 3,
    });
    expect(matchHeader(TAB, ['가', '나', '직접'], 'ko')).toEqual({ status: 'upgrade', present: 3 });
  });

  it('a renamed or missing version-1 column is a mismatch, never an upgrade', () => {
    expect(matchHeader(TAB, ['가', '내 열', '직접', '다', '라'], 'ko')).toEqual({ status: 'mismatch' });
    expect(matchHeader(TAB, ['가', '나'], 'ko')).toEqual({ status: 'mismatch' });
    expect(matchHeader(TAB, [], 'ko')).toEqual({ status: 'mismatch' });
  });
});

describe('writeSegments', () => {
  it('skips the user-owned column wherever it sits', () => {
    expect(writeSegments(TAB)).toEqual([
      { first: 0, width: 2 },
      { first: 3, width: 2 },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The real tabs against the contract (normalized-tabs.md), labels typed here from the document.

const DOC_LABELS: Record<string, Record<string, string>> = {
  orders: {
    line_key: '행 키',
    mapping_version: '매핑 버전',
    source_report: '원본 리포트',
    order_id: '주문번호',
    order_id_is_option_id: '주문번호=옵션ID',
    transaction: '거래유형',
    settlement_cycle: '정산유형',
    period_start: '기간 시작',
    period_end: '기간 종료',
    paid_date: '결제일',
    recognition_date: '매출인식일',
    product_id: '등록상품ID',
    option_id: '옵션ID',
    sku_id: 'SKU ID',
    product_name: '상품명',
    option_name: '옵션명',
    category: '카테고리',
    tax_type: '과세유형',
    quantity: '수량',
    unit_price: '판매가',
    gross_sales: '판매액',
    coupang_discount: '쿠팡지원할인',
    seller_coupon: '판매자할인쿠폰',
    payment_amount: '결제금액',
    coupon_reflected: '쿠폰 반영',
    settlement_amount: '정산대상액',
    seller_borne_shipping: '판매자 부담 배송비(VAT포함)',
    tax_invoice_month: '세금계산서 발행월',
    category_id: '카테고리ID',
    instant_coupon: '즉시할인쿠폰',
    download_coupon: '다운로드쿠폰',
    vendor_id: '업체코드',
  },
  fees: {
    commission_base: '수수료 기준금액',
    collected_rate: '수집 수수료율(%, VAT별도)',
    collected_commission: '판매수수료 공급가액',
    collected_commission_vat: '판매수수료 세액',
    collected_total: '판매수수료 합계금액',
    commission_override: '수수료 직접입력(VAT포함)',
    rule_rate: '설정 수수료율(%, VAT별도)',
    effective_commission: '적용 수수료(VAT포함)',
    commission_source: '수수료 출처',
    discounted_rate: '할인적용 수수료율(%, VAT별도)',
    tax_invoice_month: '세금계산서 발행월',
    vendor_id: '업체코드',
  },
  fulfillment: {
    line_key: '행 키',
    fee_type: '비용 유형',
    transaction: '거래유형',
    gross_fee: '발생비용',
    discount: '할인',
    promo_credit: '프로모션',
    extra_fee: '추가비용',
    net_fee: '공급가액',
    vat: '세액',
    total_fee: '합계금액',
    attributed_line_key: '귀속 주문행',
    tax_invoice_month: '세금계산서 발행월',
    vendor_id: '업체코드',
  },
  log: { vendor_id: '업체코드', superseded: '대체됨' },
  problems: { severity: '심각도' },
};

/** Columns added in schema version 2, in the order they are appended (normalized-tabs.md). */
const V2_KEYS: Record<string, string[]> = {
  orders: ['tax_invoice_month', 'category_id', 'instant_coupon', 'download_coupon', 'vendor_id'],
  fees: ['discounted_rate', 'tax_invoice_month', 'vendor_id', 'tax_type', 'settlement_cycle'],
  fulfillment: ['tax_invoice_month', 'vendor_id'],
  log: ['vendor_id', 'superseded', 'amount_superseded'],
  // Rule helpers for the exact, case-sensitive commission match (issue #9, src/core/merge/commission.ts).
  settings: ['rank_key', 'id_key', 'score_key'],
};

describe('the tabs follow normalized-tabs.md', () => {
  it.each(ALL_TABS.map((tab) => [tab.id, tab] as const))('%s: the labels of the contract', (id, tab) => {
    for (const [key, label] of Object.entries(DOC_LABELS[id] ?? {})) {
      expect(tab.columns[columnIndex(tab, key)]?.ko, key).toBe(label);
    }
  });

  it.each(Object.entries(V1_TABS))(
    '%s: version-1 keys unchanged, version-2 columns appended, marked since 2',
    (id, v1) => {
      const tab = ALL_TABS.find((t) => t.id === id)!;
      const keys = tab.columns.map((c) => c.key);
      expect(keys.slice(0, v1.columns.length)).toEqual(v1.columns.map(([key]) => key));
      expect(keys.slice(v1.columns.length)).toEqual(V2_KEYS[id] ?? []);
      for (const col of tab.columns.slice(v1.columns.length)) expect(col.since, col.key).toBe(2);
      // A tab version 1 wrote (its Korean or English labels) is recognised: an upgrade after its last
      // column, or (no new column) a relabel in place.
      const korean = matchHeader(tab, v1Header(v1), 'ko');
      if (keys.length > v1.columns.length)
        expect(korean).toEqual({ status: 'upgrade', present: v1.columns.length });
      else expect(korean).toEqual({ status: 'current', relabel: true });
    },
  );

  it('every money or rate label that names a VAT basis says the same in English', () => {
    for (const tab of ALL_TABS) {
      for (const col of tab.columns) {
        if (col.ko.includes('VAT포함')) expect(col.en, col.key).toContain('VAT incl.');
        if (col.ko.includes('VAT별도')) expect(col.en, col.key).toContain('ex VAT');
      }
    }
  });

  it('the commission a user types is VAT-inclusive and the rates are VAT-exclusive, and the labels say so', () => {
    const label = (key: string) => FEES_TAB.columns[columnIndex(FEES_TAB, key)]!;
    expect(label('commission_override').ko).toContain('VAT포함');
    expect(label('effective_commission').ko).toContain('VAT포함');
    expect(label('rule_rate').ko).toContain('VAT별도');
    expect(SETTINGS_TAB.columns[columnIndex(SETTINGS_TAB, 'rate_pct')]!.ko).toContain('VAT별도');
  });
});

import type { Lang } from './labels';

const KO = `
<h2>쿠팡 로켓그로스 가져오기</h2>
<p>WING에서 내려받은 파일을 이 스프레드시트의 표준 탭(주문, 수수료, 풀필먼트비용)으로 정리합니다.
모든 데이터는 이 파일 안에만 저장됩니다.</p>
<h3>어떤 파일을 넣나요?</h3>
<ul>
  <li><b>버전2 (권장)</b>: 정산 › 로켓그로스 정산현황 › 상세 › 엑셀 — 판매수수료 리포트(CATEGORY_TR)와
  입출고/배송비, 보관비, 반품, 반출, 부가서비스, 재고 손실 보상 리포트. 쿠폰 할인이 결제금액에 반영되고,
  실제 주문번호와 수집된 수수료, 판매자 부담 배송비가 적용됩니다.</li>
  <li><b>버전1</b>: 비즈니스 인사이트 › 판매분석 옵션 파일. 쿠폰 할인 미반영, 옵션ID를 주문번호로 사용,
  배송비 미적용. 파일에 날짜가 없으므로 가져올 때 기간을 입력해야 합니다.</li>
</ul>
<h3>수수료</h3>
<p><b>수수료 직접입력(VAT포함)</b> 열에 입력한 금액이 가장 우선합니다. 부가세를 포함한 금액을 입력하세요
(WING 화면의 판매수수료는 VAT 별도이므로 1.1을 곱합니다). 그다음 <b>수수료 설정</b> 탭의 규칙(수수료율은 WING처럼
VAT 별도로 입력), 그다음 수집된 수수료(판매수수료 합계금액) 순서입니다. <b>적용 수수료(VAT포함)</b>에 결과가 나옵니다.
다시 가져와도 직접 입력한 값, 규칙, 메모와 오른쪽에 추가한 열은 지워지지 않습니다.</p>
<h3>다시 가져오기</h3>
<p>같은 파일을 다시 가져오면 아무것도 바뀌지 않습니다. 같은 정산기간의 수정된 파일은 그 기간의 행을 교체합니다.
같은 기간에 버전2 데이터가 있으면 버전1 데이터는 중복 집계되지 않도록 제거됩니다.
이미 있던 행을 지우게 될 때는 가져오기 전에 지울 행 수와 금액을 보여 주고, 확인 상자에 체크해야 가져옵니다.
한 기간이 여러 파일로 나뉘어 있으면 함께 가져오세요.</p>
<h3>월마감</h3>
<p>가져오기를 할 때마다 <b>월마감</b>(귀속월 × 과세유형 × 확정/추정의 공급대가·세액·수수료·CFS),
<b>세금계산서 대사</b>(발행월별 판매수수료·CFS 세금계산서와 홈택스 금액의 차이), <b>정산 지급</b>(정산 라인별 지급 예정액,
1차·2차 지급일과 실지급액의 차이) 탭을 수식으로 다시 만듭니다. 메뉴 <b>월마감 새로 고침</b>으로 언제든 다시 만들 수 있습니다.
<b>검증</b> 열이 ✓이면 항등식이 맞습니다. 홈택스 금액, 실지급액, 지급 확인일, 메모는 직접 입력하며 지워지지 않습니다.
지급일은 <b>휴일</b> 탭의 날짜를 건너뜁니다(2028년 이후나 회사 휴무일은 직접 추가).</p>
<h3>옵션별 손익과 원가</h3>
<p><b>옵션별 손익</b> 탭은 월 × 옵션ID마다 순판매수량, 공급대가, 적용 수수료(VAT포함), 입출고·배송비·반품비·보관비·기타 CFS
(합계금액, VAT포함), 원가, 공헌이익을 수식으로 보여 줍니다. 옵션ID가 없는 비용(여러 상품이 든 반출 배송 상자 등)은 그 달의
<b>미배정</b> 행에 들어갑니다. 단위원가는 <b>원가</b> 탭에 직접 입력합니다(VAT별도, 옵션ID · 단위원가 · 적용 시작일 · 적용 종료일;
날짜를 비우면 기한 없음, 같은 날에 여러 행이면 적용 시작일이 가장 늦은 행). 메뉴 <b>원가 채우기</b>는 지금까지 나온 옵션을
원가를 비운 채 추가합니다(있는 행은 그대로). 원가가 없는 판매는 <b>원가 미입력 수량</b>에 셉니다.</p>
<h3>이 숫자 설명</h3>
<p>요약 탭(옵션별 손익, 월마감, 세금계산서 대사, 정산 지급)에서 숫자 칸을 고르고 메뉴 <b>이 숫자 설명</b>을 누르면 오른쪽에
그 숫자의 뜻, 조건, 이루는 행의 개수와 합계(칸의 값과 같음), 행 목록(처음 200개)이 나옵니다. 행을 누르면 그 탭의 행을
선택합니다. 다른 칸을 고른 뒤 <b>선택한 칸 설명</b>을 누르세요.</p>`;

const EN = `
<h2>Coupang Rocket Growth import</h2>
<p>Turns the files you download from WING into standard tabs in this spreadsheet (Orders, Fees,
Fulfillment costs). Your data stays in this file.</p>
<h3>Which files?</h3>
<ul>
  <li><b>Version 2 (recommended)</b>: Settlement › Rocket Growth settlement › details › Excel — the
  commission report (CATEGORY_TR) and the warehousing/shipping, storage, return, vendor-return, extra-service
  and inventory-compensation reports. Payment amounts reflect coupons; real order IDs, collected commission and
  seller-borne shipping are applied.</li>
  <li><b>Version 1</b>: Business insights › Sales analysis option file. Coupons are not reflected, the option ID
  stands in for the order ID, and no shipping is applied. The file has no dates: enter its period when importing.</li>
</ul>
<h3>Commission</h3>
<p>An amount typed in <b>Commission override (VAT incl.)</b> wins: type it with VAT (WING shows commission
without VAT, so multiply by 1.1). Then a rule from the <b>Commission settings</b> tab (rates without VAT, as WING
shows them); then the collected commission total. <b>Effective commission (VAT incl.)</b> shows the result.
Re-imports never erase overrides, rules, notes or columns you added on the right.</p>
<h3>Re-importing</h3>
<p>Importing the same file again changes nothing. A corrected download of the same settlement period replaces
that period's rows. Version 1 rows are removed where version 2 data covers the same dates, so sales are never
counted twice. When an import would remove rows already in the book, the dialog first shows how many and how
much money, and imports only once you tick the confirmation box. Import a period delivered as several files together.</p>
<h3>Month close</h3>
<p>Every import rebuilds, as formulas, the <b>월마감</b> (Monthly close: month × tax type × confirmed/estimated
supply total, VAT, commission, CFS), <b>세금계산서 대사</b> (Tax-invoice match: the commission and CFS invoices per
month against the Hometax figures you type) and <b>정산 지급</b> (Payouts: expected payout per settlement line, 1st and
2nd payout dates, the difference to what arrived) tabs; the menu item <b>월마감 새로 고침 / Refresh month close</b>
rebuilds them any time. ✓ in the <b>검증</b> (Check) column means the identities hold. Hometax figures, amounts
received, dates and notes are yours and survive. Payout dates skip the days of the <b>휴일</b> (Holidays) tab (add
2028 onwards or company closures yourself).</p>
<h3>Profit by option and unit costs</h3>
<p>The <b>옵션별 손익</b> (Profit by option) tab shows, as formulas, per month × option ID: net units, supply total,
effective commission (VAT incl.), warehousing & delivery, returns, storage and other CFS (totals, VAT incl.), cost
of goods and contribution. Charges without an option ID (such as a return-shipping box of several products) go to
the month's <b>미배정</b> (unassigned) row. Type unit costs into the <b>원가</b> (Unit costs) tab (ex VAT: option ID,
unit cost, valid from, valid to; blank dates are open, and on a day several rows cover, the latest valid-from
wins). The menu item <b>원가 채우기 / Prefill unit costs</b> adds the options seen so far with blank costs (existing
rows stay). Sales without a cost are counted in <b>원가 미입력 수량</b> (units without cost).</p>
<h3>Explain this number</h3>
<p>Select a figure on a summary tab (Profit by option, Monthly close, Tax-invoice match, Payouts) and choose
<b>이 숫자 설명 / Explain this number</b>: a sidebar shows what it means, the filter, how many rows make it up and
their total (equal to the cell), and the rows (first 200). Click a row to select it in its tab. After selecting
another cell, press <b>선택한 칸 설명</b> (Explain the selected cell).</p>`;

export function helpHtml(lang: Lang): string {
  const body = lang === 'en' ? EN : KO;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{font:14px/1.5 system-ui,'Noto Sans KR',sans-serif;margin:16px;color:#202124}
h2{font-size:18px;margin:0 0 8px}h3{font-size:15px;margin:16px 0 4px}ul{padding-left:20px}
</style></head><body>${body}</body></html>`;
}

# ruff: noqa: E501  (message texts read best on one line each)
"""Messages of the trip estimate (ja + en): item labels, the estimate summary and the input errors it raises."""

from genai_bot import i18n

JA = {
    "trip.item.transport": "交通費（往復）",
    "trip.item.lodging": "宿泊費",
    "trip.item.lodging_allowance": "宿泊手当",
    "trip.estimate.title": "概算（{prefecture}、{nights}泊{days}日）",
    "trip.estimate.day_trip": "概算（{prefecture}、日帰り）",
    "trip.estimate.line": "• {label}: {amount}円",
    "trip.estimate.total": "合計: {total}円",
    "trip.estimate.cap": "宿泊費基準額: 1泊 {cap}円",
    "trip.estimate.over_cap": "⚠️ 宿泊費（1泊 {amount}円）が基準額（{cap}円）を超えています。理由の記入が必要です。",
    "trip.estimate.no_fare": "交通費（往復運賃）が未入力のため、合計に含まれていません。",
    "trip.error.return_before_depart": "帰着日（{return_on}）が出発日（{depart}）より前です。日付を確認してください。",
    "trip.error.trip_too_long": "出張期間が長すぎます（{nights}泊、上限 {limit}泊）。日付を確認してください。",
    "trip.error.before_rules": "出発日 {depart} に適用される旅費の基準表がありません（{valid_from} 以降に対応）。",
    "trip.error.negative_amount": "金額（{amount}）が負の値です。0 以上の円単位の整数で入力してください。",
    "trip.error.amount_too_large": "金額（{amount}円）が大きすぎます（上限 {limit}円）。",
    "trip.error.unknown_destination": "出張先「{destination}」が見つかりません。候補: {suggestions}",
    "trip.error.unknown_destination_no_match": "出張先「{destination}」が見つかりません。都道府県名か主な市の名前（例: 大阪、大阪市、Osaka）で入力してください。",
    "trip.error.unknown_grade": "職階「{grade}」が旅費の基準表にありません。例: {known}",
}

EN = {
    "trip.item.transport": "Transport (round trip)",
    "trip.item.lodging": "Lodging",
    "trip.item.lodging_allowance": "Lodging allowance",
    "trip.estimate.title": "Estimate ({prefecture}, {nights} nights, {days} days)",
    "trip.estimate.day_trip": "Estimate ({prefecture}, day trip)",
    "trip.estimate.line": "• {label}: ¥{amount}",
    "trip.estimate.total": "Total: ¥{total}",
    "trip.estimate.cap": "Lodging cap: ¥{cap} a night",
    "trip.estimate.over_cap": "⚠️ Lodging (¥{amount} a night) is above the cap (¥{cap}). Please give a reason.",
    "trip.estimate.no_fare": "No fare entered yet: transport is not in the total.",
    "trip.error.return_before_depart": "The return date ({return_on}) is before the departure ({depart}). Please check the dates.",
    "trip.error.trip_too_long": "The trip is too long ({nights} nights; at most {limit}). Please check the dates.",
    "trip.error.before_rules": "No travel-expense table applies to a departure on {depart} (tables start on {valid_from}).",
    "trip.error.negative_amount": "The amount ({amount}) is negative. Enter whole yen, 0 or more.",
    "trip.error.amount_too_large": "The amount (¥{amount}) is too large (at most ¥{limit}).",
    "trip.error.unknown_destination": 'Unknown destination "{destination}". Did you mean: {suggestions}?',
    "trip.error.unknown_destination_no_match": 'Unknown destination "{destination}". Use a prefecture or a major city (e.g. 大阪, 大阪市, Osaka).',
    "trip.error.unknown_grade": 'The grade "{grade}" is not in the travel-expense table. For example: {known}',
}

i18n.register(ja=JA, en=EN)
i18n.register(ja={}, en={"trip.estimate.title.one": "Estimate ({prefecture}, 1 night, 2 days)"})

"""Property-based masking: generated spellings of generated valid values never survive masking, and every
answer (plain or streamed in random chunks) restores exactly.

Five strategies (Individual and corporate numbers, phone numbers, e-mail addresses, postal codes, custom terms)
and one that mixes them, 10,000+ generated texts in all. Values are spelt the ways people type them: full-width
or kanji digits, any dash or minus sign, dots, slashes, (several) spaces, ideographic spaces, zero-width
characters, line breaks inside numbers, full-width letters and `＠`, upper/lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genai_bot.llm.masking import MaskRules
from genai_bot.llm.normalise import normalise
from genai_bot.llm.personal_data import corporate_number_is_valid, individual_number_is_valid

TERMS = ["Project Kestrel", "プロジェクトX", "極秘案件A", "霞ヶ関タワー計画"]
RULES = MaskRules([("STAFF", r"職員番号\d{6}")], TERMS)


def _examples(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@dataclass(frozen=True)
class Value:
    spelt: str  # as it appears in the text
    key: str  # what must not be recoverable from the masked text (see _projection)


# --- spelling helpers ---

FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
KANJI = dict(zip("0123456789", "〇一二三四五六七八九", strict=True))
DASHES = ["-", "−", "ー", "‐", "‑", "–", "—", "―", "－", "ｰ", "\u2212", "\ufe63"]
NUMBER_SEPARATORS = [*DASHES, ".", "．", "/", "／", "・", " ", "  ", "\u3000", " - ", " − ", "\n", "\u00a0"]
PHONE_SEPARATORS = [*DASHES, ".", "．", "・", " ", "  ", "\u3000", " - ", " ー ", "\n"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
FILLER = [
    "連絡先は",
    "です。",
    "まで",
    "、",
    "よろしくお願いします",
    "件名：",
    "（",
    "）",
    "「",
    "」",
    "電話",
    "担当",
    "\n",
]


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@st.composite
def _digit_style(draw: st.DrawFn, digits: str) -> str:
    """The digits of a value: ASCII, full-width, kanji, or ASCII and full-width mixed."""
    style = draw(st.sampled_from(["ascii", "full", "kanji", "mixed"]))
    if style == "ascii":
        return digits
    if style == "full":
        return "".join(FULL_WIDTH[d] for d in digits)
    if style == "kanji":
        return "".join(KANJI[d] for d in digits)
    return "".join(FULL_WIDTH[d] if draw(st.booleans()) else d for d in digits)


@st.composite
def _sprinkle(draw: st.DrawFn, text: str, extras: list[str]) -> str:
    """Insert a few of `extras` (invisible characters, line breaks) between characters of `text`."""
    chars = list(text)
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.integers(1, max(1, len(chars) - 1)))
        chars.insert(where, draw(st.sampled_from(extras)))
    return "".join(chars)


@st.composite
def _grouped(draw: st.DrawFn, groups: list[str], separators: list[str]) -> str:
    """Digit groups joined: contiguous, one separator throughout, or a separator drawn per gap."""
    how = draw(st.sampled_from(["contiguous", "same", "mixed"]))
    styled = [draw(_digit_style("".join(groups)))]
    if how == "contiguous":
        return styled[0]
    out, pos = [], 0
    sep = draw(st.sampled_from(separators))
    for i, group in enumerate(groups):
        out.append(styled[0][pos : pos + len(group)])
        pos += len(group)
        if i < len(groups) - 1:
            out.append(sep if how == "same" else draw(st.sampled_from(separators)))
    return "".join(out)


# --- values ---


@st.composite
def individual_numbers(draw: st.DrawFn) -> Value:
    body = draw(_digits(11))
    digits = next(body + d for d in "0123456789" if individual_number_is_valid(body + d))
    spelt = draw(_grouped([digits[:4], digits[4:8], digits[8:]], NUMBER_SEPARATORS))
    return Value(draw(_sprinkle(spelt, [*INVISIBLE, "\n"])), digits)


@st.composite
def corporate_numbers(draw: st.DrawFn) -> Value:
    body = draw(_digits(12))
    digits = next(d + body for d in "0123456789" if corporate_number_is_valid(d + body))
    spelt = draw(_grouped([digits[:1], digits[1:5], digits[5:9], digits[9:]], NUMBER_SEPARATORS))
    return Value(draw(_sprinkle(spelt, INVISIBLE)), digits)


@st.composite
def phone_numbers(draw: st.DrawFn) -> Value:
    kind = draw(st.sampled_from(["fixed", "mobile", "0120", "0570", "050", "0800"]))
    if kind == "fixed":
        area = "0" + draw(st.sampled_from("123456789")) + draw(_digits(draw(st.integers(0, 3))))
        number = area + draw(_digits(10 - len(area)))
        if number[2] == "0" and number[1] in "256789":  # 020, 050, ... 090 are 11-digit services
            number = number[:2] + "1" + number[3:]
        groups = [number[: len(area)], number[len(area) : 6], number[6:]]
    elif kind == "mobile":
        groups = [draw(st.sampled_from(["070", "080", "090"])), draw(_digits(4)), draw(_digits(4))]
    elif kind == "050":
        groups = ["050", draw(_digits(4)), draw(_digits(4))]
    elif kind == "0800":
        groups = ["0800", draw(_digits(3)), draw(_digits(4))]
    else:
        groups = [kind, draw(_digits(3)), draw(_digits(3))]
    national = "".join(groups)
    layout = draw(st.sampled_from(["plain", "area-parens", "local-parens", "+81", "+81(0)"]))
    if layout == "plain":
        spelt = draw(_grouped(groups, PHONE_SEPARATORS))
    elif layout in ("+81", "+81(0)"):
        rest = [groups[0][1:], *groups[1:]]
        lead = draw(st.sampled_from(["+81 ", "+81-", "＋８１ ", "+81", "+81 - "]))
        zero = " (0)" if layout == "+81(0)" else ""
        spelt = lead + zero + draw(_grouped(rest, [s for s in PHONE_SEPARATORS if s != "\n"]))
    else:
        styled = draw(_digit_style(national))
        a, b, c = styled[: len(groups[0])], styled[len(groups[0]) : -len(groups[2])], styled[-len(groups[2]) :]
        open_, close = draw(st.sampled_from([("(", ")"), ("（", "）")]))
        sep = draw(st.sampled_from(["-", "−", "", " "]))
        spelt = f"{open_}{a}{close}{b}{sep}{c}" if layout == "area-parens" else f"{a}{open_}{b}{close}{c}"
    return Value(draw(_sprinkle(spelt, INVISIBLE)), national[1:])


LOCAL_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LOCAL_JAPANESE = "たろうはなこやまだタロウハナコヤマダ太郎花子山田"
DOMAIN_UNICODE = "例えテスト省庁県庁"


@st.composite
def email_addresses(draw: st.DrawFn) -> Value:
    if draw(st.booleans()):
        local = draw(st.text(LOCAL_ASCII, min_size=1, max_size=12))
        if draw(st.booleans()):
            local += draw(st.sampled_from([".", "_", "+", "-"])) + draw(st.text(LOCAL_ASCII, min_size=1, max_size=8))
    else:
        local = draw(st.text(LOCAL_JAPANESE, min_size=1, max_size=6))
    label_alphabet = LOCAL_ASCII if draw(st.booleans()) else DOMAIN_UNICODE
    labels = draw(st.lists(st.text(label_alphabet, min_size=1, max_size=10), min_size=1, max_size=3))
    tld = draw(st.sampled_from(["jp", "com", "org", "go.jp", "lg.jp", "co.jp", "JP", "tokyo", "日本"]))
    address = f"{local}@{'.'.join(labels)}.{tld}"
    spelt = (
        "".join(FULL_WIDTH.get(c, c) if draw(st.booleans()) else c for c in address) if draw(st.booleans()) else address
    )
    if draw(st.booleans()):
        spelt = spelt.replace("@", draw(st.sampled_from(["＠", "﹫"])))
    return Value(draw(_sprinkle(spelt, INVISIBLE)), "@")


@st.composite
def postal_codes(draw: st.DrawFn) -> Value:
    digits = draw(_digits(7))
    code = draw(_grouped([digits[:3], digits[3:]], [*DASHES, " - "]))
    context = draw(st.sampled_from(["〒", "〒 ", "郵便番号 ", "郵便番号：", "before-prefecture"]))
    if context == "before-prefecture":
        spelt = f"{code} " + draw(st.sampled_from(["東京都千代田区", "大阪府", "北海道", "神奈川県横浜市", "沖縄県"]))
    else:
        spelt = context + code
    return Value(draw(_sprinkle(spelt, INVISIBLE)), digits)


@st.composite
def terms(draw: st.DrawFn) -> Value:
    term = draw(st.sampled_from(TERMS))
    chars = []
    for c in term:
        if c == " ":
            chars.append(draw(st.sampled_from([" ", "  ", "\u3000", "\n", "\t", " \n ", ""])))
            continue
        if draw(st.booleans()):
            c = c.swapcase()
        if draw(st.booleans()):
            c = FULL_WIDTH.get(c, c)
        chars.append(c)
        if draw(st.integers(0, 9)) == 0:
            chars.append(draw(st.sampled_from([" ", "\n", "\u3000", *INVISIBLE])))
    return Value("".join(chars).strip(" \n\u3000"), _projection(term))


ANY_VALUE = st.one_of(individual_numbers(), corporate_numbers(), phone_numbers(), email_addresses(), postal_codes())


@st.composite
def texts(draw: st.DrawFn, values: st.SearchStrategy[Value]) -> tuple[str, list[Value]]:
    """1-3 values with filler around and between them: never two values back to back, nor separated by a line
    break alone (`4023…9173` + line break + `0` + line break + `0000…` is ambiguous even to a person)."""
    found = draw(st.lists(values, min_size=1, max_size=3))
    parts = [draw(st.sampled_from(["", *FILLER]))]
    for i, value in enumerate(found):
        parts.append(value.spelt)
        filler = st.sampled_from(FILLER[:-1]) if i < len(found) - 1 else st.sampled_from(["", *FILLER])
        parts.append(draw(filler))
    return "".join(parts), found


# --- the property ---


def _projection(text: str) -> str:
    """Normalised, without spaces and separators, case-folded: a value's key is found here whatever its spelling."""
    return re.sub(r"[\s\-./・()+]", "", normalise(text)).casefold()


def _check(case: tuple[str, list[Value]], chunk: int) -> None:
    text, values = case
    masker = RULES.masker()
    masked = masker.mask(text)
    visible = _projection(masked)
    for value in values:
        assert value.spelt not in masked, (text, masked)
        assert value.key.casefold() not in visible, (text, masked, value.key)
    assert masker.unmask(masked) == text
    answer = f"回答: {masked} 以上"
    unmasker = masker.stream_unmasker()
    pieces = [unmasker.feed(answer[i : i + chunk]) for i in range(0, len(answer), chunk)]
    assert "".join(pieces) + unmasker.flush() == f"回答: {text} 以上"


@_examples(2_000)
@given(texts(individual_numbers() | corporate_numbers()), st.integers(1, 9))
def test_generated_identification_numbers_never_survive(case: tuple[str, list[Value]], chunk: int) -> None:
    _check(case, chunk)


@_examples(2_000)
@given(texts(phone_numbers()), st.integers(1, 9))
def test_generated_phone_numbers_never_survive(case: tuple[str, list[Value]], chunk: int) -> None:
    _check(case, chunk)


@_examples(2_000)
@given(texts(email_addresses()), st.integers(1, 9))
def test_generated_email_addresses_never_survive(case: tuple[str, list[Value]], chunk: int) -> None:
    _check(case, chunk)


@_examples(1_500)
@given(texts(postal_codes() | terms()), st.integers(1, 9))
def test_generated_postal_codes_and_terms_never_survive(case: tuple[str, list[Value]], chunk: int) -> None:
    _check(case, chunk)


@_examples(2_500)
@given(texts(ANY_VALUE | terms()), st.integers(1, 9))
def test_generated_mixed_texts_never_leak_and_restore_exactly(case: tuple[str, list[Value]], chunk: int) -> None:
    _check(case, chunk)

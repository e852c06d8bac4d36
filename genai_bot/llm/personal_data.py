"""Built-in finders for personal values, run on the normalised view of a text (see `normalise`).

On that view digits are ASCII, every dash is `-`, white space is single spaces. Each finder yields the
(start, end) spans of the values it found:

- `MYNUMBER`: an Individual Number (12 digits, 4-4-4 or contiguous) whose check digit is valid;
- `CORPNUMBER`: a corporate number (13 digits, leading check digit) whose check digit is valid;
- `PHONE`: Japanese numbers in every layout (`03-1234-5678`, `(03)1234-5678`, `03(1234)5678`,
  `090.1234.5678`, `090 - 1234 - 5678`, `0120-123-456`, `+81 90 1234 5678`, `+81 (0)3-1234-5678`) with 10 or
  11 digits and a plausible prefix, and international numbers (`+1 415 555 2671`);
- `EMAIL`: addresses with Unicode local parts and domains (`たろう@example.jp`, `taro@例え.jp`);
- `POSTAL`: a postal code after `〒` or `郵便番号`, or followed by a prefecture; `123-4567` alone is not one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

__all__ = [
    "BUILTIN_FINDERS",
    "Finder",
    "corporate_number_is_valid",
    "individual_number_is_valid",
    "phone_number_is_plausible",
    "regex_finder",
]

Finder = Callable[[str], Iterator[tuple[int, int]]]


def regex_finder(
    pattern: str, valid: Callable[[str], bool] | None = None, flags: int = 0, *, groups: tuple[str, ...] = ()
) -> Finder:
    """Spans of `pattern` (of the first of the named `groups` that took part, else the whole match) that
    `valid` accepts.

    The search resumes one character after the start of every match, so a value that overlaps another
    candidate (refused or not) is still found; the masker merges overlapping spans.
    """
    compiled = re.compile(pattern, flags)

    def find(text: str) -> Iterator[tuple[int, int]]:
        pos = 0
        while (m := compiled.search(text, pos)) is not None:
            group = next((g for g in groups if m.group(g) is not None), 0)
            start, end = m.span(group)
            if end > start and (valid is None or valid(text[start:end])):
                yield start, end
            pos = m.start() + 1

    return find


def individual_number_is_valid(value: str) -> bool:
    """The official check digit of a 12-digit Individual Number (マイナンバー); separators ignored."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 12:
        return False
    body = reversed(digits[:11])
    total = sum(p * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(body, start=1))
    remainder = total % 11
    return digits[11] == (0 if remainder <= 1 else 11 - remainder)


def corporate_number_is_valid(value: str) -> bool:
    """The leading check digit of a 13-digit corporate number (法人番号); separators ignored."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 13:
        return False
    total = sum(p * (1 if n % 2 else 2) for n, p in enumerate(reversed(digits[1:]), start=1))
    return digits[0] == 9 - total % 9


_ELEVEN_DIGIT_PREFIXES = ("020", "050", "060", "070", "080", "090")


def phone_number_is_plausible(value: str) -> bool:
    """A Japanese number: 10 digits (fixed lines, 0120, 0570) or 11 (mobile, 050, 0800); `+81` counts as 0."""
    digits = "".join(c for c in value if c.isdigit())
    if value.lstrip("( ").startswith("+"):
        digits = "".join(c for c in value.replace("(0)", "") if c.isdigit())
        if not digits.startswith("81"):
            return False
        digits = "0" + digits[2:]
    if len(digits) not in (10, 11) or not digits.startswith("0") or digits[1] == "0":
        return False
    return (digits[:3] in _ELEVEN_DIGIT_PREFIXES) == (len(digits) == 11)


# --- patterns on the normalised view ---
# Each pattern starts with a character it consumes (a digit, `(`, `+`, `〒`) so that the regex engine can jump
# from one such character to the next; what may not come before a value is checked right after that character.

_SEP = r"(?: ?[-./・] ?| )"  # between digit groups of an identification number
_PSEP = r"(?: ?[-.・] ?| )"  # between digit groups of a phone number
_NOT_AFTER_NUMBER = r"(?<![0-9].)(?<![0-9][-./・].)(?<![0-9] [-./・].)(?<![0-9][-./・] .)(?<![0-9] [-./・] .)"
_NOT_BEFORE_NUMBER = r"(?![0-9])(?! ?[-./・] ?[0-9])"

# 4-4-4 (1-4-4-4); a separator may be missing where the `joined` view removed a line break that was one.
_MYNUMBER = rf"[0-9]{_NOT_AFTER_NUMBER}[0-9]{{3}}{_SEP}?[0-9]{{4}}{_SEP}?[0-9]{{4}}{_NOT_BEFORE_NUMBER}"
_CORPNUMBER = rf"[0-9]{_NOT_AFTER_NUMBER}{_SEP}?[0-9]{{4}}{_SEP}?[0-9]{{4}}{_SEP}?[0-9]{{4}}{_NOT_BEFORE_NUMBER}"

_PHONE_DOMESTIC = (
    rf"(?:\({_NOT_AFTER_NUMBER}(?<!\+.)(?:"
    rf"0[0-9]{{1,4}}\) ?(?:[-.・] ?)?[0-9]{{1,4}}{_PSEP}[0-9]{{3,4}}"  # (03)1234-5678
    rf"|0[0-9]{{1,4}}\) ?(?:[-.・] ?)?[0-9]{{5,8}}"  # (03)12345678
    rf")|0{_NOT_AFTER_NUMBER}(?<!\+.)(?:"
    rf"[0-9]{{1,4}} ?\( ?[0-9]{{1,4}} ?\) ?(?:[-.・] ?)?[0-9]{{3,4}}"  # 03(1234)5678
    rf"|[0-9]{{1,10}}(?:{_PSEP}[0-9]{{1,9}}){{0,2}}"  # 03-1234-5678, 090 1234 5678, 0312345678, 031234-5678
    rf")){_NOT_BEFORE_NUMBER}"
)
_PHONE_JAPAN_FROM_ABROAD = (
    r"(?:\((?<![0-9].) ?\+|\+(?<![0-9].)) ?81 ?\)? ?(?:[-.・] ?)?(?:\(0\) ?)?(?:"
    rf"\([1-9][0-9]{{0,3}}\) ?(?:[-.・] ?)?[0-9]{{1,8}}(?:{_PSEP}[0-9]{{1,8}})?"  # +81 (3) 1234-5678
    rf"|[1-9][0-9]{{0,9}}(?:{_PSEP}[0-9]{{1,9}}){{0,2}}"  # +81 90 1234 5678, +81-3-12345678, +81312345678
    rf"){_NOT_BEFORE_NUMBER}"
)
_PHONE_INTERNATIONAL = (
    r"\+(?<![0-9].) ?(?!81)[1-9][0-9]{0,2}(?: ?[-.]? ?\(?[0-9]{1,4}\)?){1,3} ?[-.]? ?[0-9]{3,4}(?![0-9])"
)

_PREFECTURES = (
    "北海道|東京都?|京都府?|大阪府?|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|"
    "山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|"
    "大分|宮崎|鹿児島|沖縄)県?"
)
_POSTAL_DIGITS = r"[0-9]{3}(?: ?- ?)?[0-9]{4}"
_POSTAL = (
    rf"(?P<v>〒 ?[0-9]{{3}}(?: ?- ?| )?[0-9]{{4}})(?![0-9])"
    rf"|(?:郵便番号|郵便|住所)(?: ?[:は] ?| )?(?P<w>{_POSTAL_DIGITS})(?![0-9])"
    rf"|(?P<x>[0-9](?<![0-9].)(?<![0-9]-.)[0-9]{{2}}(?: ?- ?)?[0-9]{{4}})(?![0-9]) ?(?:{_PREFECTURES})"
)


# --- e-mail: found around each `@`, so long runs of text without one cost nothing ---

_LOCAL_TAIL = re.compile(r"[\w.%+'-]{1,64}\Z")
_ASCII_TAIL = re.compile(r"[A-Za-z0-9._%+'-]+\Z")
_DOMAIN = re.compile(
    r"(?:\w[\w-]{0,62}[.。])+(?:[a-z]{2,63}(?![a-z0-9-])|xn--[a-z0-9-]{1,59}|日本|みんな|コム)",
    re.IGNORECASE,
)


def _find_emails(text: str) -> Iterator[tuple[int, int]]:
    at = text.find("@")
    while at >= 0:
        local = _LOCAL_TAIL.search(text, max(0, at - 64), at)
        domain = _DOMAIN.match(text, at + 1)
        if local is not None and domain is not None:
            start = local.start()
            if not local.group().isascii():
                tail = _ASCII_TAIL.search(local.group())
                if tail is not None and any(c.isalnum() for c in tail.group()):
                    start += tail.start()  # 連絡先はtaro@… → taro@…
            yield start, domain.end()
            at = text.find("@", domain.end())
        else:
            at = text.find("@", at + 1)


BUILTIN_FINDERS: tuple[tuple[str, Finder], ...] = (
    ("EMAIL", _find_emails),
    ("MYNUMBER", regex_finder(_MYNUMBER, individual_number_is_valid)),
    ("CORPNUMBER", regex_finder(_CORPNUMBER, corporate_number_is_valid)),
    ("PHONE", regex_finder(_PHONE_JAPAN_FROM_ABROAD, phone_number_is_plausible)),
    ("PHONE", regex_finder(_PHONE_DOMESTIC, phone_number_is_plausible)),
    ("PHONE", regex_finder(_PHONE_INTERNATIONAL)),
    ("POSTAL", regex_finder(_POSTAL, groups=("v", "w", "x"))),
)

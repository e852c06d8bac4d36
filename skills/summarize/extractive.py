"""An extractive summary for when no LLM may be used: the sentences that look most important, as written.

Sentences are split at 。！？!? (and a period followed by a space) and at line breaks, never inside brackets
such as 「…」 or （…）. A sentence scores by how frequent its terms are across the conversation (kanji and
katakana bigrams, English words), with a bonus for words that signal decisions and tasks.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from skills.summarize.transcript import Entry

_OPEN = "「『（(【［[〈《{“‘"
_CLOSE = "」』）)】］]〉》}”’"
_TERMINATORS = "。！？!?"
_MIN_CHARS = 8
_CUES = (
    "決定",
    "決まり",
    "決めま",
    "承認",
    "合意",
    "了承",
    "方針",
    "締切",
    "締め切り",
    "期限",
    "までに",
    "お願いします",
    "対応します",
    "担当",
    "予定",
    "変更",
    "中止",
    "延期",
    "重要",
    "必ず",
    "decided",
    "agreed",
    "approved",
    "deadline",
    "due",
    "please",
    "will ",
    "todo",
    "action",
    "postpone",
    "cancel",
    "changed",
    "must",
)
_CUE_BONUS = 1.5
_FIRST_SENTENCE_BONUS = 0.3
_STOPWORDS = frozenset(
    "the and for with that this from have has are was were will would can could you your our its but not "
    "all any just about into than then them they there what when which who how also been being".split()
)
_LATIN_WORD = re.compile(r"[a-z][a-z0-9'-]{2,}")
_CONTENT_CHARS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u30a0-\u30ff\uff66-\uff9f]+")


@dataclass(frozen=True)
class KeySentence:
    entry: Entry
    text: str


def split_sentences(text: str) -> list[str]:
    """Japanese and English sentences of `text`, brackets kept whole."""
    sentences: list[str] = []
    buffer: list[str] = []
    depth = 0

    def flush() -> None:
        sentence = "".join(buffer).strip()
        if sentence:
            sentences.append(sentence)
        buffer.clear()

    for i, char in enumerate(text):
        if char == "\n":
            flush()
            depth = 0  # an unclosed bracket never swallows the following lines
            continue
        buffer.append(char)
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        following = text[i + 1] if i + 1 < len(text) else ""
        if depth == 0 and _ends_sentence(char, following):
            flush()
    flush()
    return sentences


def _ends_sentence(char: str, following: str) -> bool:
    if char in _TERMINATORS:
        return following not in _TERMINATORS or following == ""  # "！？" ends once, after the last mark
    return char == "." and (following == "" or following.isspace())


def terms(sentence: str) -> list[str]:
    """Content terms: bigrams of kanji/katakana runs (single characters alone) and English words."""
    lowered = sentence.casefold()
    found = [w for w in _LATIN_WORD.findall(lowered) if w not in _STOPWORDS]
    for run in _CONTENT_CHARS.findall(sentence):
        found.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return found


def key_sentences(entries: list[Entry], limit: int | None = None) -> list[KeySentence]:
    """The highest-scoring sentences, in the order they were written."""
    candidates = _candidates(entries) or _whole_messages(entries)  # only short messages: show them as they are
    if not candidates:
        return []
    frequency = Counter(t for _, sentence, _ in candidates for t in set(terms(sentence)))
    wanted = limit or max(3, min(8, len(candidates) // 8 + 2))
    scored = sorted(
        range(len(candidates)), key=lambda i: _score(candidates[i][1], candidates[i][2], frequency), reverse=True
    )
    chosen = sorted(scored[:wanted])
    return [KeySentence(candidates[i][0], candidates[i][1]) for i in chosen]


def _whole_messages(entries: list[Entry]) -> list[tuple[Entry, str, bool]]:
    return [(entry, entry.text.strip(), True) for entry in entries if entry.text.strip()]


def _candidates(entries: list[Entry]) -> list[tuple[Entry, str, bool]]:
    """(entry, sentence, is the entry's first sentence) for every sentence long enough to carry content."""
    seen: set[str] = set()
    out: list[tuple[Entry, str, bool]] = []
    for entry in entries:
        for position, sentence in enumerate(split_sentences(entry.text)):
            if len(sentence) < _MIN_CHARS or sentence in seen:
                continue
            seen.add(sentence)
            out.append((entry, sentence, position == 0))
    return out


def _score(sentence: str, is_first: bool, frequency: Counter[str]) -> float:
    found = set(terms(sentence))
    if not found:
        return 0.0
    score = sum(math.log1p(frequency[t]) for t in found) / math.sqrt(len(found))
    lowered = sentence.casefold()
    if any(cue in lowered for cue in _CUES):
        score += _CUE_BONUS
    return score + (_FIRST_SENTENCE_BONUS if is_first else 0.0)

"""The rule finder's vocabulary: the cue lexicon and source markers (data files), and closed-class word lists.

Everything is compared on *folded* forms (:func:`qawl.normalize.fold`), so that ``أكّد``, ``اكد`` and
``أكـد`` are one word.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..normalize import fold, strip_clitic


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


@dataclass(frozen=True)
class Cue:
    """One surface form of a reporting verb or participle."""

    form: str
    lemma: str
    type: str  # verb | participle | passive
    particles: frozenset[str]  # prepositions that may precede the complementizer
    messages: frozenset[str]  # that | marks | colon
    ant_count: int


@dataclass(frozen=True)
class Marker:
    """A source-marker phrase (حسبما ذكر, وفقا ل, على حد قوله …)."""

    words: tuple[str, ...]
    type: str  # verb | np | l | implicit
    ant_count: int


def _rows(name: str) -> list[dict[str, str]]:
    lines = files(__package__).joinpath(name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t"))


@cache
def cues() -> dict[str, Cue]:
    """Folded surface form → cue entry."""
    out = {}
    for row in _rows("lexicon.tsv"):
        out[fold(row["form"])] = Cue(
            form=row["form"],
            lemma=row["lemma"],
            type=row["type"],
            particles=_folded(row["particles"].replace(",", " ")),
            messages=frozenset(row["messages"].split(",")),
            ant_count=int(row["ant_count"]),
        )
    return out


@cache
def markers() -> list[Marker]:
    """Source markers, longest phrase first."""
    rows = [
        Marker(tuple(fold(w) for w in r["phrase"].split()), r["type"], int(r["ant_count"]))
        for r in _rows("markers.tsv")
    ]
    return sorted(rows, key=lambda marker: -len(marker.words))


def lookup_cue(form: str) -> Cue | None:
    """The cue entry of a folded word, with or without its conjunction clitic."""
    table = cues()
    if form in table:
        return table[form]
    bare = strip_clitic(form)
    return table.get(bare) if bare else None


#: Complementizers that open indirect content (excluded from it): إن، أن، بأن with their pronoun suffixes.
COMPLEMENTIZERS = _folded(
    "إن أن بأن إنه أنه بأنه إنها أنها بأنها إنهم أنهم بأنهم إنهما أنهما بأنهما إننا أننا بأننا إنني أنني بأنني"
    " فإن فإنه فإنها فإنهم"
)
#: Words that end a speaker noun phrase: prepositions opening circumstantials, time words, adverbs, relatives.
NP_STOPS = _folded(
    "في خلال عن على من إلى الى لدى عقب إثر أثر أثناء بعد قبل منذ حول أمام ضمن عبر مع عند إزاء تجاه وفي وخلال"
    " اليوم أمس غدا يوم صباح مساء ليلة الليلة البارحة الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد"
    " أيضا كذلك مجددا بدوره بدورها بدورهم الذي التي الذين اللذين اللتين اللواتي الذى التى"
    " وهو وهي حيث كما لكن إلا قائلا قائلة بالقول مشيرا مؤكدا مضيفا نقلا وذلك"
    " كان كانت كانوا وكان وكانت وكانوا قد وقد لقد فقد"
)
#: Auxiliaries around a verb that belong to neither cue nor speaker (وكان الوزير قد أعلن).
AUXILIARIES = _folded("كان كانت كانوا وكان وكانت وكانوا قد وقد لقد فقد")
#: ل-prefixed words that address a medium or an audience, not a genitive of the speaker's title.
AUDIENCE = _folded(
    "لوسائل لوكالة لإذاعة للإذاعة لقناة للقناة لموقع للموقع لصحيفة للصحيفة لجريدة للصحفيين للصحافيين للصحافة"
    " لراديو لتلفزيون للتلفزيون لـ لجوهرة للجوهرة لموزاييك لشمس لمراسل لمراسلنا للشروق لوات للمراسل"
)
#: Relative pronouns whose clause reports what the antecedent said (ميلر، الذي أكد أن …), with the ى spelling.
RELATIVES = _folded("الذي التي الذين اللذين اللتين اللواتي الذى التى")
#: Discourse openers skipped when looking for a sentence's subject.
OPENERS = _folded("و ف كذلك كما ثم من جهته جهتها جانبه جانبها بدوره بدورها وبدوره وبدورها وفي هذا الإطار الصدد السياق")
#: Colon "headlines" that are not quotes (المصدر: …, كلمات دلالية: …, إقرأ أيضاً: …).
COLON_EXCLUSIONS = frozenset(
    " ".join(fold(w) for w in phrase.split())
    for phrase in (
        "المصدر",
        "المصادر",
        "مصدر",
        "كلمات دلالية",
        "إقرأ أيضاً",
        "اقرأ أيضا",
        "إقرأ أيضا",
        "اقرأ ايضا",
        "اقرأ أيضاً",
        "إقرأ",
        "اقرأ",
        "شاهد",
        "شاهد أيضا",
        "شاهد أيضاً",
        "تابع",
        "تابعونا",
        "المزيد",
        "للمزيد",
        "تنويه",
        "ملاحظة",
        "هام",
        "عاجل",
        "تحديث",
        "فيديو",
        "بالفيديو",
        "صور",
        "بالصور",
        "الوسوم",
        "مقالات مشابهة",
        "مقالات ذات صلة",
        "السؤال",
        "الجواب",
        "التاريخ",
        "الساعة",
        "المكان",
        "الموعد",
        "النتيجة",
        "البرنامج",
        "المحور",
        "الرابط",
        "البريد",
        "الهاتف",
        "الفاكس",
        "العنوان",
        "الموضوع",
        "تصوير",
        "إعداد",
        "متابعة",
        "ترجمة",
        "تقديم",
        "إشراف",
        # bylines, page furniture and section names (guidelines §10.7)
        "كتب",
        "كتبت",
        "بقلم",
        "آخر تحديث",
        "إعداد النص",
        "عدد الزيارات",
        "عدد المشاهدات",
        "تاريخ النشر",
        "رياضة",
        "اقتصاد",
        "سياسة",
        "ثقافة",
        "منوعات",
        "الدوري",
    )
)
#: Nouns that name a source after حسب / بحسب / وفق (بحسب المصدر) — not "according to the law".
SOURCE_NOUNS = _folded(
    "بلاغ البلاغ بيان البيان مصدر المصدر مصادر المصادر مراسل مراسلنا مراسلة وكالة الوكالة تقرير التقرير"
    " صحيفة الصحيفة موقع الموقع قناة القناة إذاعة الإذاعة وزارة الوزارة المتحدث الناطق مسؤول المسؤول"
    " مسؤولين الشرطة دراسة الدراسة إحصائيات الإحصائيات معطيات المعطيات أرقام الأرقام تصريح تصريحات تصريحه"
    " شهود الشهود مصالح المصالح إدارة الإدارة الهيئة هيئة خبراء الخبراء مصادر المنظمة منظمة الديوان ديوان"
    " وسائل الجيش جيش الحكومة حكومة الرئاسة رئاسة المحكمة محكمة النيابة نيابة وكيل الناطقة المتحدثة"
    " خبير الخبير باحثين الباحثين العلماء علماء مسح استطلاع الاستطلاع نتائج بيانات البيانات ذات نفس"
)
#: Nouns after وفقا ل / طبقا ل that name a rule or a criterion, not a source (وفقا لمقاييس الأقدمية).
NOT_SOURCES = _folded(
    "مقاييس معايير شروط قانون قوانين فصل إجراءات برنامج نص اتفاق اتفاقية مقتضيات أحكام ترتيب تراتيب جدول"
    " خطة ضوابط حاجة حالة إمكانيات ما مبدأ قواعد قرار قرارات دليل نظام معطى منهجية رزنامة توقيت مراحل"
)

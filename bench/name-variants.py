#!/usr/bin/env python3
# name-variants.py: builds sets of Kazakh names as Russian lists write them, and variants of them
# as other lists write them (English, French, German, Polish, Norwegian, Swedish, Hungarian
# transliterations, Kazakh letters, OCR confusions, clerks' slips, order swaps, initials).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The conventions here are written from the languages' own rules, independently of the matcher
# in src/core/names/mrg-names.c, so that a benchmark on them is honest. Swedish and Hungarian are held
# out: the matcher's rules were not written or tuned with them in view (Swedish tj for ч, ch for
# х; Hungarian s for ш, sz for с, zs for ж, cs for ч).
#
# Usage:
#   name-variants.py --candidates 5000 --queries 300 --seed 2 --langs ru,kk,en,fr,de,pl,no,sv,hu \
#       --out DIR
# writes DIR/candidates.tsv (id <TAB> name) and DIR/queries.tsv (truth id <TAB> kind <TAB> name),
# ids counting from 0 in file order.

import argparse
import os
import random

SURNAME_ROOTS = """
Абай Абдрахман Абиль Абылай Адиль Айдар Айтбай Акан Алдабер Алибек Алпыс Алтынбек Амангельды
Аманжол Арыстан Асан Аскар Ахмет Байбек Байгали Байжан Баймухамед Бакыт Балык Батыр Бейсен
Бекмухамед Бектан Бекбол Бексултан Бердибек Болат Бури Габдул Даулет Дауылбай Джангир Досмухамед
Дулат Ергали Ерлан Ермек Ержан Есен Жакып Жаксылык Жалел Жангали Жанибек Жантас Жексен Жолдас
Жумагали Жумаш Жунус Зейнулла Ибрай Иманбай Исмаил Кабыл Кадыр Кайрат Калиакпар Канат Каныш
Карабек Касым Кенжебек Кенжегали Кожа Куаныш Кудайберген Кулбай Кунан Курман Мадияр Макаш
Мамбет Мукан Муса Мухтар Мырзахмет Назар Нугман Нурлан Нурпеис Нуртаза Омар Оразбай Орынбай
Оспан Рахим Рыскул Сагындык Садык Сарсен Сатыбалды Сейткали Сексенбай Серик Смагул
Сулейман Султанбек Тасбулат Тастемир Темирбек Токтар Тулеген Турсун Уали Умбет Утеген Хайролла
Хасен Шакир Шарип Шерияздан Ыбырай Ыдырыс Ыскак Есмагамбет Жанузак Бекет Балгабай Мусабек
""".split()

COMPOUND_PREFIXES = """
Жума Бай Ак Кара Нур Тле Ер Сатыб Ораз Жан Кул Кайыр Мырза Тока Бек Даулет Ары Шал Акыл Сапар
Айт Бур Кен Уте Жол Отар Сыз Есим Бор Сагын
""".split()
COMPOUND_SUFFIXES = ["баев", "беков", "галиев", "жанов", "кулов", "муратов", "гараев", "тасов"]

GIVEN = """
Мажит Жанибек Серик Асхат Ерлан Абухайр Найранбай Кожай Абу Кайр Кунан Жамал Айдар Алибек Амантай
Арман Аскар Асылбек Ахмет Бакыт Батырхан Бауыржан Бейбит Берик Болат Габит Галым Даулет Дархан
Досым Дулат Ербол Ержан Ермек Есен Жандос Жаслан Жумабек Ибрай Ильяс Кайрат Канат Касым Куаныш
Мади Марат Махмуд Мейрам Мухтар Нурлан Нуржан Олжас Оспан Рахат Руслан Сабыр Салим Самат
Сапар Сейткали Сеитжан Султан Талгат Тимур Токтар Тулеген Улан Уали Хамит Шакен Шамиль Ыбырай
Юсуп Абай Абылай Адильбек Айбек Акан Алмас Алтай Амир Асан Асет Байжан Бекзат Бекмурат Бексултан
Бердибек Газиз Гани Дамир Еркин Есимхан Жаксылык Жалгас Жандарбек Жумагали Жусуп Заир Зейнулла
Иса Исмаил Кадыр Калел Карим Кенжебек Койшыбай Кудайберген Курмангали Мурат Мукаш Мусабек
Мырзабек Нуртас Омар Оразбек Орынбасар Рамазан Рустем Сагат Садык Сакен Сарсенбай Серикбай
Смагул Сулеймен Тасболат Темирлан Толеген Турар Умирзак Утеш Хасен Шерхан Шынгыс Эльдар Якуб
Ясауи Дауылбай Ермухамет
""".split()

VOWELS = set("аеёиоуыэюяәөұүі")
LATIN_VOWELS = set("aeiouyäöüåøéèëïô")


def clean(words):
    # keep only all-Cyrillic words, once each
    return [w for w in dict.fromkeys(words) if all("\u0400" <= c <= "\u04ff" for c in w)]


def make_surname(root):
    r = root.lower()
    if r.endswith("ай") or r.endswith("ей"):
        s = r[:-1] + "ев"
    elif r[-1] in "жшчщц":
        s = r + "ев"
    elif r[-1] in VOWELS:
        s = r + "ев"
    else:
        s = r + "ов"
    return s.capitalize()


def build_surnames():
    out = [make_surname(r) for r in clean(SURNAME_ROOTS)]
    for p in COMPOUND_PREFIXES:
        for s in COMPOUND_SUFFIXES:
            out.append((p + s).capitalize())
    # a few Kazakh surnames without a Russian ending, as in real lists
    out += ["Сейткали", "Бурку", "Кенжегали", "Жумаш"]
    return list(dict.fromkeys(out))


# ---- transliteration conventions ------------------------------------------------------------
# Each returns a function from a lower-case Cyrillic word to Latin.

def base_map(table, word, ctx_rules):
    out = []
    n = len(word)
    i = 0
    while i < n:
        c = word[i]
        prev = word[i - 1] if i > 0 else ""
        nxt = word[i + 1] if i + 1 < n else ""
        handled = ctx_rules(word, i, prev, nxt)
        if handled is not None:
            text, used = handled
            out.append(text)
            i += used
            continue
        out.append(table.get(c, c))
        i += 1
    return "".join(out)


def soft_start(prev):
    return prev == "" or prev in VOWELS or prev in "ъь"


def je_and_dzh(c, prev, nxt, dzh):
    """The rules most conventions share: е after a vowel or at the start is je, дж is dzh."""
    if c == "е" and soft_start(prev):
        return ("je", 1)
    if c == "д" and nxt == "ж":
        return (dzh, 2)
    return None


def convention(table, dzh, *rules):
    """A convention that writes je and dzh the common way (je_and_dzh), after its own rules: each
    (letter, when(prev, nxt), text) writes text for the letter where when says so."""
    def ctx(word, i, prev, nxt):
        for letter, when, text in rules:
            if word[i] == letter and when(prev, nxt):
                return (text, 1)
        return je_and_dzh(word[i], prev, nxt, dzh)
    return lambda w: base_map(table, w, ctx)


EN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
      "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
      "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
      "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}


def english(rng):
    bgn = rng.random() < 0.5          # Yerzhanov, Zhumabayev (BGN) or Erzhanov, Zhumabaev
    h = rng.random() < 0.25           # Ahmetov for Akhmetov
    i_for_y = rng.random() < 0.3      # Seitkali for Seytkali

    def ctx(word, i, prev, nxt):
        c = word[i]
        if c == "е" and soft_start(prev):
            return ("ye" if bgn else "e", 1)
        if c == "х" and h:
            return ("h", 1)
        if c == "й" and i_for_y:
            return ("i", 1)
        if c == "д" and nxt == "ж":
            return ("dzh" if rng.random() < 0.5 else "j", 2)
        return None
    return lambda w: base_map(EN, w, ctx)


FR = dict(EN, **{"ж": "j", "у": "ou", "ч": "tch", "ш": "ch", "щ": "chtch", "ю": "iou", "я": "ia",
                 "й": "ï", "ё": "io", "х": "kh"})


def french(rng):
    off = rng.random() < 0.5          # Bektanoff or Bektanov

    def ctx(word, i, prev, nxt):
        c = word[i]
        if c == "с" and prev in VOWELS and nxt in VOWELS:
            return ("ss", 1)
        if c == "г" and nxt in "еиэы":
            return ("gu", 1)
        if c == "д" and nxt == "ж":
            return ("dj", 2)
        if c == "й":
            return ("ï" if prev in VOWELS and rng.random() < 0.6 else "i", 1)
        if c == "ы":
            return ("y" if rng.random() < 0.5 else "i", 1)
        if c in "ое" and nxt == "в" and i + 2 == len(word):
            v = "o" if c == "о" else "e"
            return (v + ("ff" if off else "v"), 2)
        if c == "е" and i > 0 and prev in VOWELS:
            return ("ie", 1)
        return None
    return lambda w: base_map(FR, w, ctx)


DE = dict(EN, **{"в": "w", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z", "ч": "tsch",
                 "ш": "sch", "щ": "schtsch", "ю": "ju", "я": "ja", "ё": "jo"})


def german(rng):
    return convention(DE, "dsch",
                      ("с", lambda prev, nxt: prev in VOWELS and nxt in VOWELS, "ss"),
                      # Dschumabajew: German ear for Kazakh ж
                      ("ж", lambda prev, nxt: rng.random() < 0.3, "dsch"))


PL = dict(EN, **{"в": "w", "ж": "ż", "й": "j", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz",
                 "щ": "szcz", "ю": "ju", "я": "ja", "ё": "jo", "л": "l"})


def polish(rng):
    return convention(PL, "dż",
                      ("и", lambda prev, nxt: prev in "жшц", "y"),
                      ("л", lambda prev, nxt: nxt in "аоуы", "ł"))


NO = dict(EN, **{"ж": "zj", "й": "j", "ч": "tsj", "ш": "sj", "щ": "sjtsj", "ю": "ju", "я": "ja",
                 "ё": "jo"})


def norwegian(rng):
    h = rng.random() < 0.4
    return convention(NO, "dzj", ("х", lambda prev, nxt: True, "h" if h else "kh"))


# held out
SV = dict(EN, **{"ж": "zj", "й": "j", "х": "ch", "ч": "tj", "ш": "sj", "щ": "sjtj", "ю": "ju",
                 "я": "ja", "ё": "jo"})


def swedish(rng):
    return convention(SV, "dj")


HU = dict(EN, **{"ж": "zs", "й": "j", "х": "h", "ц": "c", "ч": "cs", "ш": "s", "щ": "scs",
                 "с": "sz", "ю": "ju", "я": "ja", "ё": "jo", "у": "u"})


def hungarian(rng):
    return convention(HU, "dzs")


LATIN = {"en": english, "fr": french, "de": german, "pl": polish, "no": norwegian,
         "sv": swedish, "hu": hungarian}

KAZAKH = [("у", "ұ"), ("у", "ү"), ("и", "і"), ("к", "қ"), ("г", "ғ"), ("н", "ң"), ("а", "ә"),
          ("о", "ө"), ("х", "һ")]


def kazakh(rng, word):
    # as a Kazakh-language list writes it: one or two letters in their Kazakh form
    chars = list(word)
    spots = [(i, k) for i, c in enumerate(chars) for (r, k) in KAZAKH if c == r]
    for i, k in rng.sample(spots, min(len(spots), rng.choice([1, 2]))):
        chars[i] = k
    return "".join(chars)


OCR_CYR = [("и", "н"), ("н", "и"), ("п", "н"), ("н", "п"), ("ш", "щ"), ("щ", "ш"), ("е", "с"),
           ("с", "е"), ("б", "6"), ("з", "3"), ("о", "0"), ("а", "a"), ("о", "o"), ("р", "p"),
           ("т", "г"), ("и", "п"), ("ц", "щ"), ("е", "e"), ("л", "п")]
OCR_LAT = [("m", "rn"), ("rn", "m"), ("l", "1"), ("i", "l"), ("o", "0"), ("e", "c"), ("h", "b"),
           ("n", "ri"), ("a", "o"), ("u", "ii")]


def ocr(rng, text):
    table = OCR_CYR if any("\u0400" <= c <= "\u04ff" for c in text) else OCR_LAT
    for _ in range(rng.choice([1, 1, 2])):
        spots = [(i, a, b) for (a, b) in table for i in range(len(text))
                 if text.startswith(a, i) and i > 0]
        if not spots:
            break
        i, a, b = rng.choice(spots)
        text = text[:i] + b + text[i + len(a):]
    return text


def slip(rng, text):
    # a clerk's slip: -ов/-ев, а/о, е/и, a dropped, doubled or swapped letter
    kind = rng.choice(["ending", "vowel", "drop", "double", "swap"])
    words = text.split(" ")
    w = rng.randrange(len(words))
    s = words[w]
    if kind == "ending":
        for a, b in [("ов", "ев"), ("ев", "ов"), ("ov", "ev"), ("ev", "ov"), ("ow", "ew"),
                     ("ew", "ow"), ("off", "eff")]:
            if s.endswith(a):
                s = s[: -len(a)] + b
                break
        else:
            kind = "vowel"
    if kind == "vowel":
        pairs = [("а", "о"), ("о", "а"), ("е", "и"), ("и", "е"), ("a", "o"), ("o", "a"),
                 ("e", "i"), ("i", "e")]
        spots = [(i, b) for i, c in enumerate(s) for (a, b) in pairs if c == a and i > 0]
        if spots:
            i, b = rng.choice(spots)
            s = s[:i] + b + s[i + 1:]
    elif kind == "drop" and len(s) > 4:
        i = rng.randrange(1, len(s))
        s = s[:i] + s[i + 1:]
    elif kind == "double" and len(s) > 2:
        i = rng.randrange(1, len(s))
        s = s[:i] + s[i] + s[i:]
    elif kind == "swap" and len(s) > 3:
        i = rng.randrange(1, len(s) - 1)
        s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
    words[w] = s
    return " ".join(words)


def variant(rng, surname, given, langs):
    lang = rng.choice(langs)
    kinds = [lang]
    if lang == "ru":
        s, g = surname.lower(), given.lower()
    elif lang == "kk":
        s, g = kazakh(rng, surname.lower()), kazakh(rng, given.lower())
    else:
        conv = LATIN[lang](rng)
        s, g = conv(surname.lower()), conv(given.lower())
    s, g = s.capitalize(), g.capitalize()

    r = rng.random()
    order_swap = rng.random() < 0.15
    initials = rng.random() < 0.05
    if initials:
        g = g[0] + "."
        kinds.append("initial")
    text = f"{g} {s}" if order_swap else f"{s} {g}"
    if order_swap:
        kinds.append("swap")
    if r < 0.25:
        text = ocr(rng, text)
        kinds.append("ocr")
    elif r < 0.45:
        text = slip(rng, text)
        kinds.append("slip")
    elif r < 0.50:
        text = slip(rng, ocr(rng, text))
        kinds.append("ocr+slip")
    if rng.random() < 0.3:
        text = text.upper()
    return "+".join(kinds), text


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--candidates", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--langs", default="ru,kk,en,fr,de,pl,no")
    ap.add_argument("--out", required=True)
    ap.add_argument("--list-sizes", action="store_true")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    surnames = build_surnames()
    given = clean(GIVEN)
    if args.list_sizes:
        print(len(surnames), "surnames,", len(given), "given names")
    pairs = [(s, g) for s in surnames for g in given]
    n = min(args.candidates, len(pairs))
    chosen = rng.sample(pairs, n)
    langs = args.langs.split(",")

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "candidates.tsv"), "w", encoding="utf-8") as f:
        for i, (s, g) in enumerate(chosen):
            f.write(f"{i}\t{s} {g}\n")
    with open(os.path.join(args.out, "queries.tsv"), "w", encoding="utf-8") as f:
        for _ in range(args.queries):
            i = rng.randrange(n)
            kind, text = variant(rng, chosen[i][0], chosen[i][1], langs)
            f.write(f"{i}\t{kind}\t{text}\n")


if __name__ == "__main__":
    main()

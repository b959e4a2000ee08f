/* mrg-names.h: person names across alphabets, spelling conventions and OCR errors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One person's name is written many ways: Бектанов Мажит in a Russian list, Bektanov Mazhit in
 * English, Bektanow Madschit in German, Bektanoff Majit in French, Bektanov Mazjit in Norwegian,
 * Бектаиов Мажнт after OCR. The functions here reduce a name to a phonetic key in which those
 * spellings meet, and compare two names with an edit distance that knows which differences are
 * cheap (a convention, an OCR confusion, a clerk's slip) and which are not.
 *
 * Everything here is a pure function of its arguments and safe to call from several threads.
 *
 * The pipeline for each word of a name:
 *  1. NFKC, lower case; digits and Latin look-alikes inside a Cyrillic word are read as the
 *     Cyrillic letters OCR mistook them for (6 → б, 3 → з, 0 → о, Latin o → о …), and digits
 *     inside a Latin word likewise (0 → o, 1 → l);
 *  2. Kazakh letters are folded to the forms Russian lists use (ә → а, ғ → г, қ → к, ң → н,
 *     ө → о, ұ ү → у, һ → х, і → и);
 *  3. Cyrillic is transliterated with ICU ("Russian-Latin/BGN"), Latin letters with diacritics
 *     that carry a sound (ż ś š č ć ł ş ç ı) are spelled out, then ICU "Any-Latin; Latin-ASCII";
 *  4. the ASCII spelling is rewritten to a key (see mrg_names_phonetic_key()).
 */

/* The key alphabet: a e i o u y (vowels, y = ы), lower-case consonants, and three classes:
 * J (ж ш щ ч дж: zh sh sch ch tch dsch sz cz zj sj j …), H (х: kh h ch before a consonant),
 * Y (the glide й / the y-j-i between vowels). */

/* Longer names are compared on their first words: lists seldom hold more than surname, given
 * name and patronymic. */
#define MRG_NAME_MAX_WORDS 4

/* A parsed name, ready to compare many times. */
typedef struct _MrgName MrgName;

MrgName    *mrg_name_new               (const char    *text);
void        mrg_name_free              (MrgName       *name);
/* The text it was made from. */
const char *mrg_name_get_text          (const MrgName *name);
/* Number of words (initials included). */
guint       mrg_name_get_n_words       (const MrgName *name);
/* The key of word i (an initial is its first key letter). */
const char *mrg_name_get_word_key      (const MrgName *name,
                                        guint          i);
gboolean    mrg_name_word_is_initial   (const MrgName *name,
                                        guint          i);
/* The key of the whole name: the word keys joined by spaces (empty for a name without letters). */
const char *mrg_name_get_key           (const MrgName *name);

/* How likely two names are the same person, in [0, 1]: 1 for the same name under any spelling
 * convention; around 0.9 for one OCR or clerk's slip; below 0.6 for different names. Surname and
 * given name may come in either order; an initial ("Бектанов М.") matches any word it begins. */
double      mrg_name_compare           (const MrgName *a,
                                        const MrgName *b);

/* The similarity of word i of a and word j of b, in [0, 1] (what mrg_name_compare() pairs). */
double      mrg_name_word_similarity   (const MrgName *a,
                                        guint          i,
                                        const MrgName *b,
                                        guint          j);
/* mrg_name_compare() with the similarities of the words already known (for a caller that meets
 * the same words many times): word_similarity[i * MRG_NAME_MAX_WORDS + j] is that of word i of a
 * and word j of b; pairs involving an initial are not read. */
double      mrg_name_compare_with      (const MrgName *a,
                                        const MrgName *b,
                                        const float   *word_similarity);

/* The same for two strings (parses both each time: for many comparisons use MrgName). */
double      mrg_names_similarity       (const char    *a,
                                        const char    *b);

/* A word or name in plain ASCII Latin, lower case, as steps 1–3 above make it. */
char       *mrg_names_to_latin         (const char    *text);
/* The phonetic key of a word or name (steps 1–4), words separated by a space. */
char       *mrg_names_phonetic_key     (const char    *text);
/* Weighted edit distance between two keys (as returned by mrg_names_phonetic_key() for one
 * word): 1 for an unrelated letter, less for related ones (a/o, e/i, J/H, s/z, v/f …, OCR
 * confusions i/n/p, e/s, rn/m, l/i), 0.6 for a swap of neighbours. */
double      mrg_names_key_distance     (const char    *a,
                                        const char    *b);
/* 1 − distance / longer length, in [0, 1]. */
double      mrg_names_key_similarity   (const char    *a,
                                        const char    *b);

/* Whether text looks like a name at all (has at least two letters). */
gboolean    mrg_names_has_letters      (const char    *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgName, mrg_name_free)

G_END_DECLS

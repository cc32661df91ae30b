"""The words of French (and Arabic) text, as search sees them: what a word is, French
elisions, stopwords. Engine-free: the query parser and every backend's analysis share them.
Changing them changes the index terms: bump analysis.ANALYSIS_VERSION and rebuild."""

import re

from forum.text import fold

# ---------------------------------------------------------------------------
# Characters

# Combining marks that Python's \w does not match (text typed with decomposed
# accents, Arabic harakat): a word goes on across them.
_MARKS = (
    "\u0300-\u036f"  # combining diacritical marks (NFD accents)
    "\u0483-\u0489"
    "\u0610-\u061a"  # Arabic signs
    "\u064b-\u065f"  # Arabic harakat (fathatan ... wavy hamza below)
    "\u0670"  # superscript alef
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"  # Quranic marks
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
# A word: letters, digits and marks; "_" and the modifier-letter apostrophe (ʼ,
# which \w matches) are separators here.
_WORD = rf"(?:[^\W_\u02bc]|[{_MARKS}])+"
_APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"
# A word may hold apostrophes ("l'eau", "aujourd’hui"); the tokenizer splits them.
WORD_RE = re.compile(rf"{_WORD}(?:[{_APOSTROPHES}]{_WORD})*")
APOSTROPHE_SPLIT = re.compile(rf"[{_APOSTROPHES}]")

# French elided words (before an apostrophe), lower case.
ELISIONS = frozenset(
    ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu"]
)

# ---------------------------------------------------------------------------
# Stopwords (folded forms: the filter runs after folding)

# Whoosh's French list, plus pronouns and demonstratives, plus the words that
# start questions ("comment", "quels", "pourquoi"...): dropping these raised
# recall@10 of crowd-written questions from 0.93 to 0.94 and MRR from 0.805 to
# 0.830 on the tuning corpus (benchmarks/tune_recall.py). Content words such as
# "peut", "faut", "plus" stay searchable (their BM25 idf is low anyway).
_FRENCH_STOPWORDS = """
a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions
aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons
c ce ceci cela cet cette ces celui celle ceux celles ci
d dans de des du donc dont
elle elles en es est et etaient etais etait etant ete etes etiez etions eu eue eues eurent
eus eut eux
fut furent
il ils
j je
l la le les leur leurs lui
m ma mais me mes moi mon meme
n ne ni nos notre nous
on ont ou
par pas pour
qu que quel quelle quels quelles qui quoi
s sa se sera serai seraient serais serait seras serez seriez serions serons seront ses
si soient sois soit sommes son sont soyez soyons suis sur
t ta te tes toi ton tu
un une
vos votre vous
y
comment pourquoi quand combien lequel laquelle lesquels lesquelles auquel auxquels
auxquelles duquel desquels desquelles
"""

_ARABIC_STOPWORDS = """
في من الى إلى على عن مع هذا هذه ذلك تلك هو هي هم انا نحن انت التي الذي الذين او أو ان إن أن
كان كانت ما لا لم لن قد ثم كل بين عند
"""

STOPWORDS = frozenset(fold(w) for w in (_FRENCH_STOPWORDS + _ARABIC_STOPWORDS).split())


def is_stopword(word: str) -> bool:
    """True when the (folded) word is a stopword."""
    return fold(word) in STOPWORDS

"""Swedish-looking text for volume data, with word frequencies like real text.

Real writing follows Zipf's law: a few words are everywhere, most are rare. A
benchmark corpus drawn evenly from a few dozen words would make every word
match a large share of all documents, which no real search sees; drawing from
a few hundred words with Zipf weights keeps common words common (broad
searches still happen) and specific words specific.
"""

import random
from itertools import accumulate

# Topic words, roughly most to least common; each also appears inflected.
TOPICS = """
stad data digital app smart trafik cykel buss parkering energi skola vatten luft
trygghet park äldre belysning laddning karta sensor bibliotek tunnelbana träd
avfall återvinning värme hälsa vård buller fiber uppkoppling invånare gata torg
kollektivtrafik hållplats tåg bro båt pendelbåt gångväg cykelbana elcykel
laddstolpe solcell solpanel vindkraft fjärrvärme elnät batteri mätare elbil
bilpool samåkning leverans paket drönare robot kamera algoritm plattform portal
tjänst betalning biljett schema kö bokning lokal idrottshall simhall lekplats
förskola gymnasium elev lärare studie forskning universitet företag startup
innovation test pilot prototyp samarbete dialog medborgare förening granne
bostad hyresgäst fastighet hiss tak fasad fönster ventilation fukt läcka larm
brand säkerhet polis ambulans akut sjukhus vårdcentral apotek medicin hemtjänst
omsorg ensamhet mötesplats kultur museum konsert festival turism hotell
restaurang matsvinn kompost odling stadsodling bi pollinering grönska skog sjö
strand badplats isbana snö halka sandning plogning vinter sommar regn översvämning
dagvatten klimat utsläpp koldioxid cirkulär delning reparation återbruk second
hand butik handel marknad arbete jobb praktik språk nyanlända integration
tillgänglighet rullstol syn hörsel ramp taltjänst skylt navigation wifi mobil
sms röst chatt formulär enkät omröstning budget beslut nämnd förvaltning
""".split()
SUFFIXES = ("", "", "", "en", "ar", "er", "arna", "na", "s")
FUNCTION = "och att i på för med som om till av vid är det en ett vi ni kan".split()


class TextMaker:
    def __init__(self, rng: random.Random, exponent: float = 1.07) -> None:
        self.rng = rng
        self.words = TOPICS
        self.cumulative = list(
            accumulate(1 / (rank + 1) ** exponent for rank in range(len(TOPICS)))
        )

    def topic_words(self, n: int) -> list[str]:
        picked = self.rng.choices(self.words, cum_weights=self.cumulative, k=n)
        return [w + self.rng.choice(SUFFIXES) for w in picked]

    def sentence(self, n: int) -> str:
        words = []
        for word in self.topic_words(n):
            words.append(word)
            if self.rng.random() < 0.5:
                words.append(self.rng.choice(FUNCTION))
        return " ".join(words).capitalize() + "."

    def title(self) -> str:
        return " ".join(self.topic_words(self.rng.randint(3, 6))).capitalize()

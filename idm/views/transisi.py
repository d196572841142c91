"""Transisi status: which villages changed status between the two sidebar years, and where."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from idm import fmt, rules, transisi
from idm.charts import transisi as figures
from idm.database import Database
from idm.filters import Filters
from idm.specs import Item, Missing, Table, chart, index_sources, source_note

# Keys of the items the rakor deck (idm/deck.py) and the page both take from this view.
SANKEY = "sankey"
PER_UNIT = "per-unit"
BIGGEST = "terbesar"
DECK = (SANKEY, PER_UNIT, BIGGEST)  # the deck's slides of this view, in order

DIRECTIONS = {  # table key -> what the tab says when it is empty
    "naik": "Tidak ada desa yang naik status.",
    "turun": "Tidak ada desa yang turun status.",
    "lompat": f"Tidak ada desa yang berpindah {transisi.JUMP} tingkat atau lebih.",
}


@dataclass(frozen=True)
class Transisi:
    filters: Filters
    empty: str | None  # why the two years cannot be compared, or None
    from_year: int | None
    to_year: int | None
    counts: dict[str, int]
    sentence: str
    note: str | None  # provinces left out of a Kalimantan comparison
    outside: str  # the villages outside the comparison, by kind
    unit_word: str
    items: dict[str, Item]  # 'sankey', 'matriks', 'matriks-tabel', 'naik', 'turun', 'lompat',
    #                         'terbesar', 'per-unit', 'per-unit-tabel'


def build(db: Database, chosen: Filters) -> Transisi:
    data = transisi.load(db, chosen)
    if not data.ok:
        return Transisi(chosen, data.message, data.from_year, data.to_year, {}, "", None, "", data.unit_word,
                        {key: Missing(data.message) for key in DECK})
    first, last = data.from_year, data.to_year
    counts = data.counts
    sentence = transisi.sentence(counts, from_year=first, to_year=last, area_name=chosen.area_name)
    source = f"{chosen.context} · {source_note(*index_sources((first, last)))}"
    items: dict[str, Item] = {}
    matrix = data.matrix
    items[SANKEY] = chart("sankey-status", figures.transition_sankey,
                            title=f"Perpindahan status desa {first} → {last}", subtitle=source, note=sentence,
                            matrix=matrix, from_year=first, to_year=last)
    items["matriks"] = chart(
        "matriks-transisi", figures.transition_heatmap, title=f"Matriks transisi {first} → {last}",
        subtitle=f"{chosen.context} · warna: jumlah desa · persen dari jumlah desa per status {first} (baris)",
        matrix=matrix, from_year=first, to_year=last)
    items["matriks-tabel"] = Table("matriks-transisi", f"Matriks transisi {first} → {last}",
                                   transisi.matrix_table(matrix, from_year=first, to_year=last))

    value_format = {rules.IDM: "%.4f", rules.INDEKS_DESA: "%.2f"}
    formats = {transisi.value_label(first): value_format[rules.index_of(first)],
               transisi.value_label(last): value_format[rules.index_of(last)],
               "Selisih IDM": "%+.4f", "Selisih skor": "%+.2f", "Perubahan status": "%+d"}
    for direction, nothing in DIRECTIONS.items():
        moved = data.moved(direction)
        if moved.empty:
            items[direction] = Missing(f"{nothing} ({chosen.area_name}, {first} → {last})")
        else:
            items[direction] = Table(f"desa-{direction}", f"Desa {direction} status, {first} → {last}", moved,
                                     formats=formats, help={"Perubahan status": "Jumlah tingkat status"},
                                     height=min(600, 40 + 35 * len(moved)))

    word = data.unit_word
    units = data.units(transisi.unit_level(chosen.area))
    if units["comparable"].sum() == 0:
        items[PER_UNIT] = items[BIGGEST] = Missing(
            f"Tidak ada desa yang berstatus di {first} dan {last} untuk dibandingkan per {word}.")
    else:
        biggest = transisi.moved_table(data.villages, direction="lompat", from_year=first, to_year=last)
        if biggest.empty:
            biggest = transisi.moved_table(data.villages, direction="naik", from_year=first, to_year=last)
        named = ", ".join(f"{row['Desa']} ({row['Kabupaten/Kota']}, {row[f'Status {first}']} → "
                          f"{row[f'Status {last}']})" for _, row in biggest.head(5).iterrows())
        notes = f"{sentence} Perubahan terbesar: {named}." if named else sentence
        items[PER_UNIT] = chart(
            f"naik-turun-per-{word}", figures.movement_bars,
            title=f"Desa naik dan turun status per {word}, {first} → {last}",
            subtitle=f"{chosen.context} · % dari desa berstatus di kedua tahun", note=notes, units=units)
        items["per-unit-tabel"] = Table(f"naik-turun-per-{word}", f"Desa naik dan turun status per {word}",
                                        transisi.units_table(units, unit_word=word),
                                        formats={"% naik": "%.1f%%", "% turun": "%.1f%%"})
        moved = pd.concat([data.moved(d) for d in ("naik", "turun")], ignore_index=True)
        if rules.crosses_method_change((first, last)):
            items[BIGGEST] = Missing(
                f"Perubahan nilai tidak dihitung untuk {first} → {last}: status {first} dari "
                f"{rules.index_of(first)}, status {last} dari {rules.index_of(last)}, dua skala yang tidak dapat "
                "dikurangkan. Yang dibandingkan jumlah desa per status (di atas).")
        elif moved.empty:
            items[BIGGEST] = Missing(f"Tidak ada desa yang berpindah status, {first} → {last}.")
        else:
            items[BIGGEST] = chart(
                "desa-perubahan-terbesar", figures.biggest_moves,
                title=f"Desa dengan perubahan {'IDM' if rules.index_of(last) == rules.IDM else 'skor'} "
                      f"terbesar, {first} → {last}",
                subtitle=f"{chosen.context} · desa yang berpindah status", note=notes, moved=moved,
                from_year=first, to_year=last)
    outside = (f"Baru tercatat di {last}: {fmt.count(counts['new'])} · tidak tercatat lagi di {last}: "
               f"{fmt.count(counts['gone'])} · tanpa nilai {first}: {fmt.count(counts['no_score_from'])} · "
               f"tanpa nilai {last}: {fmt.count(counts['no_score_to'])}")
    return Transisi(chosen, None, first, last, counts, sentence, data.note, outside, word, items)


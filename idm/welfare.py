"""The BPS poverty and welfare indicators shown beside IDM: what each is, its unit, the range a value
can have, and how the dashboard writes it. The one place they are defined: the BPS reader
(idm.importers.bps) checks values against these ranges, the Kemiskinan page and its charts write
them with these names, and `welfare.indicator` in the database holds these keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from idm import fmt


@dataclass(frozen=True)
class Indicator:
    key: str  # what `welfare.indicator` holds
    label: str  # as BPS titles it
    unit: str  # of the value as stored: persen, indeks, rasio, ribu rupiah
    low: float  # plausible range of a value in `unit`; a value outside it is rejected on import
    high: float
    short: str  # table headings: 'P0 2024 (%)'
    title: str  # a chart panel: 'Penduduk miskin (P0)'
    decimals: int
    percent: bool = False
    shown_unit: str = ""  # said after the title: 'ribu Rp'

    def value(self, value: float) -> str:
        """A value as the page writes it: '4,83 %', '0,312', '43.502'."""
        if self.percent:
            return fmt.percent(value, self.decimals)
        return fmt.number(value, self.decimals)

    def heading(self, year: int) -> str:
        suffix = " (%)" if self.percent else (f" ({self.shown_unit})" if self.shown_unit else "")
        return f"{self.short} {year}{suffix}"

    def axis(self, year: int) -> str:
        suffix = ", %" if self.percent else (f", {self.shown_unit}" if self.shown_unit else "")
        return f"{self.title} {year}{suffix}"


INDICATORS: dict[str, Indicator] = {
    indicator.key: indicator
    for indicator in (
        Indicator("p0", "Persentase Penduduk Miskin (P0)", "persen", 0, 100, "P0", "Penduduk miskin (P0)", 2,
                  percent=True),
        Indicator("p1", "Indeks Kedalaman Kemiskinan (P1)", "indeks", 0, 100, "P1",
                  "Indeks kedalaman kemiskinan (P1)", 2),
        Indicator("p2", "Indeks Keparahan Kemiskinan (P2)", "indeks", 0, 100, "P2",
                  "Indeks keparahan kemiskinan (P2)", 2),
        Indicator("ipm", "Indeks Pembangunan Manusia (IPM)", "indeks", 0, 100, "IPM",
                  "Indeks Pembangunan Manusia (IPM)", 2),
        Indicator("gini", "Gini Rasio", "rasio", 0, 1, "Gini", "Rasio Gini", 3),
        Indicator("tpt", "Tingkat Pengangguran Terbuka (TPT)", "persen", 0, 100, "TPT",
                  "Pengangguran terbuka (TPT)", 2, percent=True),
        # Atas dasar harga berlaku, in thousand rupiah. Regencies range from about 10 million to over a
        # billion rupiah a year: 1 thousand or 20 billion is a unit error.
        Indicator("pdrb_kapita", "PDRB per Kapita atas Dasar Harga Berlaku", "ribu rupiah", 1_000, 20_000_000,
                  "PDRB/kapita", "PDRB per kapita", 0, shown_unit="ribu Rp"),
    )
}

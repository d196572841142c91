"""Command line: python -m idm build | import | versions | restore | check | summary | target | deck | cetak |
workbook."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from idm import codes, config, database, fmt, narrative, target, versions
from idm.database import WriteError
from idm.export import RenderError
from idm.importers.build import build
from idm.importers.errors import IdmFileError, NotAnIdmFile
from idm.importers.incoming import import_file
from idm.summary import as_table, province_summary

# The pages `cetak` prints (idm.handout.PAGES; named here so that `--help` needs no Pillow or kaleido).
PRINTED_PAGES = ("ringkasan", "target", "tren", "peta", "transisi", "kemiskinan", "desa", "indikator")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m idm", description="Data IDM untuk dasbor Dinas PMD.")
    commands = main.add_subparsers(dest="command", required=True)

    build_command = commands.add_parser("build", help="bangun database dari folder sumber")
    build_command.add_argument("--sources", type=Path, default=None,
                               help="folder sumber (bawaan: IDM_SOURCES atau ../shared/open-data)")
    build_command.add_argument("--db", type=Path, default=None,
                               help="berkas database (bawaan: IDM_DB atau data/idm.duckdb)")

    import_command = commands.add_parser(
        "import", help="impor satu berkas ke database: berkas IDM, tabel BPS atau berkas target (dikenali dari isinya)")
    import_command.add_argument("file", type=Path)
    import_command.add_argument("--year", type=int, default=None,
                                help="berkas IDM: tahun data, bila kolom tidak berakhiran tahun")
    import_command.add_argument("--replace", action="store_true",
                                help="berkas IDM: gantikan seluruh tahun itu untuk provinsi di berkas: desa yang tidak "
                                     "tercantum dihapus")
    import_command.add_argument("--province", default=None,
                                help="tabel BPS: provinsinya (kode atau nama), bila tabel dan nama berkas tidak "
                                     "menyebutnya")
    import_command.add_argument("--db", type=Path, default=None)

    versions_command = commands.add_parser(
        "versions", help=f"daftar versi database yang disimpan sebelum setiap perubahan ({versions.KEEP} terakhir)")
    versions_command.add_argument("--db", type=Path, default=None)

    restore_command = commands.add_parser("restore", help="pulihkan database ke sebuah versi (lihat `versions`)")
    restore_command.add_argument("version", help="nomor versi, mis. 20251127-184900")
    restore_command.add_argument("--db", type=Path, default=None)

    check_command = commands.add_parser("check", help="periksa apakah database ada dan sesuai versi kode ini")
    check_command.add_argument("--db", type=Path, default=None)

    summary_command = commands.add_parser("summary", help="ringkasan IDM satu provinsi dan tahun")
    summary_command.add_argument("--province", required=True, help="kode provinsi, mis. 63; 00 atau ID untuk Indonesia")
    summary_command.add_argument("--year", type=int, required=True)
    summary_command.add_argument("--db", type=Path, default=None)
    summary_command.add_argument("--json", action="store_true", help="cetak sebagai JSON")

    target_command = commands.add_parser("target", help="target dan capaiannya untuk satu wilayah")
    target_command.add_argument("--area", required=True, help="kode provinsi atau kabupaten/kota, mis. 63 atau 6303")
    target_command.add_argument("--year", type=int, default=None, help="hanya target tahun ini")
    target_command.add_argument("--db", type=Path, default=None)
    target_command.add_argument("--json", action="store_true", help="cetak sebagai JSON")

    deck_command = commands.add_parser("deck", help="bahan rakor: presentasi 16:9 (PPTX) dan/atau PDF")
    deck_command.add_argument("--province", required=True, help="kode provinsi, mis. 63")
    deck_command.add_argument("--year", type=int, required=True)
    deck_command.add_argument("--compare", type=int, default=None, help="tahun pembanding (bawaan: tahun sebelumnya)")
    deck_command.add_argument("--regency", default=None, help="kode kabupaten/kota, mis. 6303")
    deck_command.add_argument("--compare-areas", default=None,
                              help="2-4 wilayah untuk halaman Perbandingan wilayah, dipisah koma, mis. 6303,6309 "
                                   "(kabupaten/kota provinsi itu, atau kode provinsinya untuk rata-rata provinsi; "
                                   "provinsi bila --province 00)")
    deck_command.add_argument("--out", type=Path, required=True, help="berkas .pptx atau .pdf")
    deck_command.add_argument("--pdf", type=Path, default=None, help="juga tulis PDF ke berkas ini")
    deck_command.add_argument("--db", type=Path, default=None)

    workbook_command = commands.add_parser(
        "workbook", help="bahan sinkronisasi OPD: buku kerja Excel, satu lembar per sektor dan lembar Ringkasan")
    workbook_command.add_argument("--area", required=True,
                                  help="kode provinsi atau kabupaten/kota, mis. 63, 6303 atau 63.03")
    workbook_command.add_argument("--year", type=int, required=True, help="tahun skor indikator, mis. 2024")
    workbook_command.add_argument("--out", type=Path, required=True, help="berkas .xlsx")
    workbook_command.add_argument("--db", type=Path, default=None)

    cetak_command = commands.add_parser("cetak", help="cetak satu halaman dasbor sebagai PDF A4 mendatar")
    cetak_command.add_argument("--page", required=True, choices=PRINTED_PAGES, help="halaman yang dicetak")
    cetak_command.add_argument("--province", required=True, help="kode provinsi, mis. 63")
    cetak_command.add_argument("--year", type=int, required=True)
    cetak_command.add_argument("--compare", type=int, default=None, help="tahun pembanding (bawaan: tahun sebelumnya)")
    cetak_command.add_argument("--regency", default=None, help="kode kabupaten/kota, mis. 6303")
    cetak_command.add_argument("--out", type=Path, required=True, help="berkas .pdf")
    cetak_command.add_argument("--db", type=Path, default=None)

    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # A stop request (kill, systemd) ends the command like Ctrl+C does: cleanups run and Chromium goes too.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    db_path = args.db or config.db_path()
    try:
        if args.command == "build":
            build(args.sources or config.sources_dir(), db_path)
        elif args.command == "import":
            import_file(args.file, db_path, year=args.year, replace=args.replace, province=args.province)
        elif args.command == "versions":
            print("\n".join(versions.report(db_path)))
        elif args.command == "restore":
            written = database.Database(db_path).restore(args.version)
            print(f"database {db_path} dipulihkan ke versi {args.version}")
            for line in written.kept.lines() if written.kept else []:
                print(line)
        elif args.command == "check":
            problem = database.outdated(db_path)
            if problem:
                raise LookupError(f"{problem}; bangun dengan `python -m idm build`")
            print(f"database {db_path} siap (skema {database.SCHEMA_VERSION})")
        elif args.command == "summary":
            return summary(args.province, args.year, db_path, as_json=args.json)
        elif args.command == "deck":
            return deck(args, db_path)
        elif args.command == "cetak":
            return cetak(args, db_path)
        elif args.command == "target":
            return target_report(args.area, args.year, db_path, as_json=args.json)
        elif args.command == "workbook":
            return sync_workbook(args, db_path)
    except (WriteError, IdmFileError, NotAnIdmFile, FileNotFoundError, LookupError, RenderError) as error:
        # FileNotFoundError: no database yet; LookupError: the database has no such province or year,
        # or no such version (versions.VersionError).
        print(f"GAGAL: {error}", file=sys.stderr)
        return 1
    return 0


def open_database(db_path: Path) -> database.Database:
    """The database at `db_path`, refused with the reason when it is missing or outdated."""
    problem = database.outdated(db_path)
    if problem:
        raise LookupError(f"{problem}; bangun dengan `python -m idm build`")
    return database.Database(db_path)


def summary(province: str, year: int, db_path: Path, *, as_json: bool) -> int:
    result = province_summary(open_database(db_path), province, year)
    if result is None:
        raise LookupError(f"tidak ada data IDM untuk provinsi {province} tahun {year} di {db_path}")
    print(json.dumps(result, ensure_ascii=False) if as_json else as_table(result))
    return 0


def target_report(area: str, year: int | None, db_path: Path, *, as_json: bool) -> int:
    """One row per target of the area: indicator, area, year, target, realisation, percent, met, source."""
    code = codes.clean(area)
    results = [r for r in target.for_area(open_database(db_path), code) if year is None or r.year == year]
    if not results:
        raise LookupError(f"tidak ada target untuk wilayah {code}" + (f" tahun {year}" if year else "")
                          + f" di {db_path}")
    if as_json:
        print(json.dumps([target.as_record(r) for r in results], ensure_ascii=False))
        return 0
    print(f"{'indikator':<28}{'wilayah':<9}{'tahun':>6}{'target':>8}{'realisasi':>11}{'persen':>9}  "
          f"{'tercapai':<9}sumber")
    for record in (target.as_record(r) for r in results):
        met = {True: "ya", False: "belum", None: "–"}[record["met"]]
        percent = "–" if record["percent"] is None else fmt.number(record["percent"], 1)
        print(f"{record['indicator']:<28}{record['area']:<9}{record['year']:>6}{fmt.number(record['target']):>8}"
              f"{fmt.number(record['realisation']):>11}{percent:>9}  {met:<9}{record['source'] or 'tanpa data'}")
    print()
    for result in results:
        print(narrative.target_sentence(result))
    return 0


def deck(args: argparse.Namespace, db_path: Path) -> int:
    from idm import deck as rakor  # imports python-pptx and Pillow: only for this command

    outputs = [args.out, *([args.pdf] if args.pdf else [])]
    wrong = [path for path in outputs if path.suffix.lower() not in (".pptx", ".pdf")]
    if wrong:
        print(f"GAGAL: {wrong[0]} harus berakhiran .pptx atau .pdf", file=sys.stderr)
        return 1
    db = open_database(db_path)
    chosen = rakor.resolve(db, province=args.province, year=args.year, compare_year=args.compare,
                           regency=args.regency)
    compare_areas = rakor.resolve_areas(db, chosen, args.compare_areas) if args.compare_areas else ()
    built = rakor.build(db, chosen, compare_areas=compare_areas, progress=lambda done, total, label: print(
        f"[{done + 1}/{total}] {label}", file=sys.stderr))
    for path in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rakor.to_pdf(built) if path.suffix.lower() == ".pdf" else rakor.to_pptx(built))
        print(f"{path} ({len(built.slides)} halaman)")
    for reason in built.missing:
        print(f"catatan: tidak disertakan: {reason}", file=sys.stderr)
    return 0


def sync_workbook(args: argparse.Namespace, db_path: Path) -> int:
    """Write the synchronisation workbook of a province or regency; nothing is written when the area has
    no indicator scores that year (LookupError, exit 1)."""
    from idm import workbook
    from idm.views.indikator import place

    if args.out.suffix.lower() != ".xlsx":
        print(f"GAGAL: {args.out} harus berakhiran .xlsx", file=sys.stderr)
        return 1
    db = open_database(db_path)
    chosen = workbook.resolve(db, area=args.area, year=args.year)
    book = workbook.load(db, area=chosen.area, year=chosen.year, area_name=chosen.area_name)
    data = workbook.xlsx(book, area_name=chosen.area_name, context=place(chosen))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {workbook.TITLE} {chosen.area_name} {chosen.year}")
    for sheet, table in workbook.sheets(book, area_name=chosen.area_name):
        print(f"  {sheet}: {fmt.count(len(table.frame))} baris")
    print(workbook.sentence(book, area_name=chosen.area_name))
    return 0


def cetak(args: argparse.Namespace, db_path: Path) -> int:
    """One page of the dashboard for the filters as an A4 landscape PDF (idm.handout)."""
    from idm import deck as rakor
    from idm import export, handout  # Pillow and kaleido: only for this command

    if args.out.suffix.lower() != ".pdf":
        raise LookupError(f"{args.out} harus berakhiran .pdf")
    problem = export.unavailable()
    if problem:
        raise RenderError(problem)
    db = open_database(db_path)
    chosen = rakor.resolve(db, province=args.province, year=args.year, compare_year=args.compare,
                           regency=args.regency)
    printed = handout.for_page(db, args.page, chosen)
    if not printed.printable:
        raise LookupError(f"tidak ada yang dapat dicetak dari halaman {args.page} untuk {chosen.context}: "
                          + " ".join(printed.reasons()))
    result = handout.render(printed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(result.data)
    print(f"{args.out} ({result.pages} halaman)")
    return 0

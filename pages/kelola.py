"""Kelola data: bring a new file into the database from the browser, see what it changes before it is
written, and bring back an earlier version. Behind the admin password (idm.kelola); every other page
stays open without one.

The session keeps plain values only: whether it logged in, its count of wrong passwords, the token of
the file it received (idm.importers.uploads) and the messages to show after a rerun.
"""

import os

import streamlit as st

from idm import config, fmt, kelola, versions
from idm.database import Database, WriteError
from idm.importers import common, targets, uploads
from idm.importers.gazetteer import region_gazetteer
from ui import frame, navigation, widgets
from ui import kelola as kelola_ui
from ui.kelola import Planned, planned

# Keys of the session state: plain values only.
TOKEN, FILE_ID, UPLOADER = "kelola_token", "kelola_file_id", "kelola_unggah"
DONE, FAILED, LOGIN_MESSAGE, RESTORE = "kelola_selesai", "kelola_gagal_tulis", "kelola_pesan_masuk", "kelola_pulihkan"

PROVINCES = dict(region_gazetteer().children(""))  # code -> name, for a BPS table that names no province

navigation.through_the_router()
st.title("Kelola data")
st.caption("Impor berkas IDM, tabel BPS dan berkas target dari peramban, dengan pemeriksaan sebelum database "
           "diubah, dan riwayat versi database. Untuk petugas yang memegang kata sandi admin.")

configured = kelola.configured_password(st.secrets, os.environ)
if problem := kelola.password_problem(configured):
    st.warning(problem, icon=":material/lock:")
    st.stop()
target = config.db_path()
attempts = kelola.attempts_for(target)  # wrong passwords counted on the server, per address and in total
address = kelola.client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))

# Every action is a button's callback: it runs once, before the page is drawn, and leaves what to say
# in the session for the run that follows (a page run can be repeated before it is drawn).


def log_in() -> None:
    login = kelola.log_in(st.session_state, st.session_state.get("kelola_sandi", ""), configured, attempts=attempts,
                          address=address)
    st.session_state[LOGIN_MESSAGE] = None if login.ok else login.message


def finish() -> None:
    """Drop the received file and give the page an empty uploader again."""
    uploads.discard(st.session_state.get(TOKEN), target=target)
    st.session_state[TOKEN] = None
    st.session_state[UPLOADER] = st.session_state.get(UPLOADER, 0) + 1


def apply(result: Planned) -> None:
    who = st.session_state.get("kelola_nama", "").strip()
    if not who:
        return
    try:
        applied = common.apply_plan(result.plan, who=who)
    except WriteError as error:
        st.session_state[FAILED] = str(error)
        return
    st.session_state[DONE] = [f"{result.name} diterapkan oleh {who}.",
                              *(applied.kept.sentences() if applied.kept else []),
                              "Dasbor yang sedang dibuka memakai data baru pada pemuatan berikutnya."]
    finish()


def ask_restore(version_id: str | None) -> None:
    st.session_state[RESTORE] = version_id


def restore(version_id: str) -> None:
    who = st.session_state.get("kelola_nama_pulihkan", "").strip()
    if not who:
        return
    try:
        kept = Database(target).restore(version_id, who=who).kept
    except (versions.VersionError, WriteError) as error:
        st.session_state[FAILED] = str(error)
        return
    st.session_state[RESTORE] = None
    st.session_state[DONE] = [f"Database dipulihkan ke versi {version_id} oleh {who}.",
                              *(kept.sentences() if kept else []),
                              "Dasbor yang sedang dibuka memakai data ini pada pemuatan berikutnya."]


if not kelola.logged_in(st.session_state, configured):
    with st.form("masuk", clear_on_submit=True):
        st.text_input("Kata sandi admin", type="password", key="kelola_sandi")
        st.form_submit_button("Masuk", icon=":material/login:", key="kirim-sandi", on_click=log_in)
    message = st.session_state.pop(LOGIN_MESSAGE, None)
    if message:
        st.error(message, icon=":material/lock:")
    elif wait := attempts.wait(address):
        st.warning(f"Terlalu banyak kata sandi yang salah. Coba lagi dalam {wait} detik.",
                   icon=":material/lock_clock:")
    st.stop()

def log_out() -> None:
    finish()
    kelola.log_out(st.session_state)


st.button("Keluar", icon=":material/logout:", on_click=log_out, key="keluar")


def said(text: str) -> str:
    """A report or refusal naming the command line's options as this page names them, escaped."""
    return frame.text(common.neutral(text))


def bullets(lines: list[str]) -> str:
    """Report lines as a markdown list (text escaped); an indented line is a sub-item."""
    return "\n".join(f"{'    ' if line.startswith(' ') else ''}- {said(line.strip())}" for line in lines)


def show(result: Planned) -> None:
    kind = f" · dikenali dari isinya sebagai **{result.kind}**" if result.kind else ""
    st.markdown(f"Berkas **{frame.text(result.name)}**{kind}")
    plan = result.plan
    if plan is None:
        st.error(said(result.refusal), icon=":material/block:")
        st.caption("Berkas ditolak: database tidak diubah.")
        st.button("Tutup berkas ini", on_click=finish, key="tutup")
        return
    st.markdown("###### Laporan validasi")
    st.markdown(bullets(common.validation_lines(plan)))
    st.markdown("###### Yang akan berubah")
    st.markdown(bullets(plan.lines()))
    villages = getattr(plan, "village_changes", None)
    if villages is not None and not villages.empty:
        st.markdown("###### Perubahan per desa")
        shown = villages.head(widgets.SHOWN_ROWS)
        st.caption(f"{fmt.count(len(villages))} nilai berubah di {fmt.count(villages['Kode'].nunique())} desa"
                   + (f"; ditampilkan {fmt.count(len(shown))} pertama." if len(shown) < len(villages) else "."))
        st.dataframe(shown, hide_index=True, key="per-desa")
    if result.preview is not None:
        st.markdown("###### Angka sebelum dan sesudah")
        if result.preview.changed:
            st.caption(f"Dihitung dari salinan database yang sudah diberi berkas ini: {result.preview.changed} angka "
                       "berubah. Hanya provinsi, tahun dan indikator yang disentuh berkas ini.")
        else:
            st.caption("Angka provinsi dan kabupaten yang ditampilkan dasbor (IDM rata-rata, jumlah desa per status) "
                       "tidak berubah: perubahan per desa di atas terlalu kecil untuk mengubahnya pada empat desimal "
                       "atau tidak memindahkan status.")
        st.dataframe(result.preview.table, hide_index=True, key="sebelum-sesudah")
    if result.refusal:
        st.error(said(result.refusal), icon=":material/block:")
        st.caption("Berkas ini tidak dapat diterapkan: database tidak diubah.")
        st.button("Tutup berkas ini", on_click=finish, key="tutup")
        return
    if not plan.writes:
        st.info("Berkas ini tidak mengubah apa pun di database.", icon=":material/info:")
        st.button("Tutup berkas ini", on_click=finish, key="tutup")
        return
    name = st.text_input("Nama Anda", key="kelola_nama", max_chars=80,
                         help="Dicatat bersama versi database yang disimpan sebelum perubahan ini")
    apply_column, cancel_column, _ = st.columns([1, 1, 4])
    apply_column.button("Terapkan", type="primary", key="terapkan", disabled=not name.strip(), on_click=apply,
                        args=(result,), help="Tulis perubahan ini ke database: semua atau tidak sama sekali")
    cancel_column.button("Batal", key="batal", on_click=finish)


for kind, message in ((st.success, st.session_state.pop(DONE, None)), (st.error, st.session_state.pop(FAILED, None))):
    if message:
        lines = [message] if isinstance(message, str) else message
        kind("\n\n".join(frame.text(line) for line in lines),
             icon=":material/check_circle:" if kind is st.success else ":material/error:")

st.markdown("##### Impor berkas")
st.markdown(kelola_ui.UPLOADER_CSS, unsafe_allow_html=True)
uploaded = st.file_uploader(
    "Berkas IDM (xlsx, xls, csv), tabel BPS dari situs BPS, atau berkas target kantor (csv)",
    key=f"kelola_berkas_{st.session_state.get(UPLOADER, 0)}",
    help="Jenisnya dikenali dari isi berkas, bukan dari namanya.")
st.caption(f"Paling besar {kelola_ui.LIMIT_MB} MB per berkas. Berkas yang lebih besar ditandai merah dan tidak "
           "dikirim ke server: simpan ulang sebagai .xlsx (lebih kecil dari .csv atau .xls) atau hapus sheet yang "
           "tidak perlu, lalu pilih lagi.")
if uploaded is None:
    if st.session_state.get(TOKEN):  # the file was removed from the uploader
        uploads.discard(st.session_state[TOKEN], target=target)
        st.session_state[TOKEN] = None
elif st.session_state.get(FILE_ID) != uploaded.file_id:
    uploads.discard(st.session_state.get(TOKEN), target=target)
    st.session_state[FILE_ID] = uploaded.file_id
    try:
        st.session_state[TOKEN] = uploads.save(uploaded.getvalue(), uploaded.name, target=target).token
    except uploads.UploadError as error:
        st.session_state[TOKEN] = None
        st.error(frame.text(error), icon=":material/block:")

if st.session_state.get(TOKEN):
    with st.expander("Pilihan impor (bila diperlukan)"):
        replace = st.checkbox(
            "Berkas IDM: gantikan seluruh tahun itu untuk provinsi di berkas", key="kelola_ganti",
            help="Desa provinsi dan tahun itu yang tidak tercantum di berkas dihapus (kecuali desa yang barisnya "
                 "ditolak). Tanpa pilihan ini berkas hanya menambah dan memperbarui desa yang dicantumkannya.")
        year = st.number_input("Berkas IDM: tahun data, bila judul kolomnya tidak berakhiran tahun", min_value=0,
                               max_value=2100, value=0, step=1, key="kelola_tahun", help="0: dari judul kolom")
        province = st.selectbox("Tabel BPS: provinsinya, bila tabel dan nama berkas tidak menyebutnya",
                                [None, *PROVINCES], key="kelola_provinsi",
                                format_func=lambda code: PROVINCES.get(code, "dari isi tabel atau nama berkas"))
    with st.spinner("Membaca dan memeriksa berkas, lalu membandingkannya dengan database…"):
        result = planned(st.session_state[TOKEN], replace=replace, year=int(year) or None, province=province)
    if result is None:
        st.session_state[TOKEN] = None
    else:
        show(result)

st.markdown("##### Riwayat versi database")
listed = versions.list_versions(target)
st.caption(f"Sebelum setiap perubahan (impor, pembangunan ulang, pemulihan) database yang diganti disimpan sebagai "
           f"versi; {versions.KEEP} versi terakhir disimpan. Memulihkan sebuah versi membatalkan perubahan yang "
           "disebut dan setiap perubahan sesudahnya; database saat ini pun disimpan dulu sebagai versi.")
if not listed:
    st.info("Belum ada versi tersimpan: versi pertama disimpan pada perubahan berikutnya.", icon=":material/info:")
for version in listed:
    text_column, button_column = st.columns([6, 1])
    text_column.markdown(f"**{version.id}** · {frame.text(version.summary())}  \n"
                         + "  \n".join(frame.text(common.neutral(change)) for change in version.changes[:4]))
    if version.damage:
        text_column.error(f"Berkas versi ini rusak ({frame.text(version.damage)}): tidak dapat dipulihkan.",
                          icon=":material/broken_image:")
    else:
        text_column.caption(frame.text(version.undoes()))
    button_column.button("Pulihkan", key=f"pulihkan-{version.id}", icon=":material/history:", on_click=ask_restore,
                         args=(version.id,), disabled=bool(version.damage))
    if st.session_state.get(RESTORE) == version.id:
        with st.container(border=True):
            st.warning(f"Pulihkan database ke versi {version.id}? {frame.text(version.undoes())} Database sekarang "
                       "disimpan dulu sebagai versi baru, sehingga pemulihan ini pun dapat dibatalkan.",
                       icon=":material/history:")
            who = st.text_input("Nama Anda", key="kelola_nama_pulihkan", max_chars=80)
            yes, no, _ = st.columns([1, 1, 4])
            yes.button("Ya, pulihkan", type="primary", key="pulihkan-ya", disabled=not who.strip(), on_click=restore,
                       args=(version.id,))
            no.button("Batal", key="pulihkan-batal", on_click=ask_restore, args=(None,))

st.markdown("##### Templat berkas target kantor")
st.caption(f"Target kantor diisi di berkas CSV ini lalu diimpor di atas; mengimpor ulang berkas bernama "
           f"{targets.OFFICE_FILE_NAME} menggantikan baris yang diimpor sebelumnya dari berkas itu.")
st.download_button("Unduh templat (CSV)", data=targets.template_bytes(), file_name=targets.OFFICE_FILE_NAME,
                   mime="text/csv", icon=":material/download:", key="templat", on_click="ignore")
st.dataframe(targets.layout_frame(), hide_index=True, key="tata-letak")

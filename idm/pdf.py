"""A PDF file of page pictures with their words beneath them, written without a PDF library.

Each page is one picture (composed with Pillow, idm/handout.py) and the text drawn on it is written
again, invisible, at the same place and width: a reader can search, select and copy it, and
`pdftotext` reads it, as it reads a scanner's OCR layer. The visible page is the picture alone, so
every character Pillow draws (→, ≤, Δ) prints as drawn, whatever the viewer's fonts.

The invisible layer uses the standard Helvetica (never embedded, never shown) with the widths of the
font the picture was drawn with, and a ToUnicode map: ASCII as it is, any other character of the
document on one of the 128 upper codes (a document using more than 128 distinct ones gets '?' for
the rest in its text layer only).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from PIL import Image

A4_LANDSCAPE = (841.89, 595.28)  # points: 297 x 210 mm (ISO 216)
JPEG_QUALITY = 88


@dataclass(frozen=True)
class Words:
    """A line of text as drawn on the picture: left edge and baseline in picture pixels."""

    x: float
    baseline: float
    size: float  # font size in picture pixels
    text: str
    width: float  # the drawn width in picture pixels: the invisible line is stretched to it


@dataclass
class Page:
    picture: Image.Image  # RGB, the whole page
    words: list[Words] = field(default_factory=list)


class _Codes:
    """One byte per character for the text layer: ASCII as it is, others on the codes 128-255."""

    def __init__(self) -> None:
        self.upper: dict[str, int] = {}

    def char(self, code: int) -> str:
        """The character a code stands for (a space for an upper code no character uses)."""
        if code < 128:
            return chr(code)
        return next((char for char, number in self.upper.items() if number == code), " ")

    def encode(self, text: str) -> bytes:
        out = bytearray()
        for char in text:
            if 32 <= ord(char) < 127:
                out.append(ord(char))
            elif char in self.upper:
                out.append(self.upper[char])
            elif len(self.upper) < 128 and char.isprintable():
                self.upper[char] = 128 + len(self.upper)
                out.append(self.upper[char])
            else:
                out.append(ord("?"))
        return bytes(out)

    def to_unicode(self) -> bytes:
        """The ToUnicode CMap: what each code means, for search, selection and copying."""
        pairs = [f"<{code:02X}> <{_utf16(char)}>" for char, code in self.upper.items()]
        chunks = [pairs[i:i + 100] for i in range(0, len(pairs), 100)]
        body = "".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n" for chunk in chunks)
        return ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /IDM-UCS def /CMapType 2 def\n"
                "1 begincodespacerange <00> <FF> endcodespacerange\n"
                "1 beginbfrange <20> <7E> <0020> endbfrange\n"
                f"{body}endcmap CMapName currentdict /CMap defineresource pop end end\n").encode("ascii")


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _text_string(text: str) -> bytes:
    """A PDF text string (document information) as UTF-16 with its byte-order mark."""
    return b"<FEFF" + _utf16(text).encode("ascii") + b">"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def write(pages: Iterable[Page], *, size: tuple[float, float], width_of: Callable[[str], float], title: str = "",
          subject: str = "", made: datetime | None = None) -> bytes:
    """The PDF of `pages`, every page `size` points wide and high (A4 landscape: A4_LANDSCAPE), its
    picture filling it.

    width_of(char): the advance width of a character in the font the words were drawn with, in
    thousandths of the font size (the text layer's widths).
    """
    codes = _Codes()
    contents: list[tuple[bytes, bytes, tuple[int, int], tuple[float, float]]] = []
    for page in pages:
        picture = page.picture.convert("RGB")
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        width, height = size
        scale_x, scale_y = width / picture.width, height / picture.height
        lines = [f"q {_number(width)} 0 0 {_number(height)} 0 0 cm /Im0 Do Q", "BT 3 Tr"]
        for words in page.words:
            encoded = codes.encode(words.text)
            if not encoded.strip():
                continue
            font_size = words.size * scale_y
            natural = sum(width_of(codes.char(code)) for code in encoded) * font_size / 1000
            stretch = 100 * words.width * scale_x / natural if natural else 100
            lines.append(f"/F1 {_number(font_size)} Tf {_number(stretch)} Tz 1 0 0 1 {_number(words.x * scale_x)} "
                         f"{_number(height - words.baseline * scale_y)} Tm <{encoded.hex().upper()}> Tj")
        lines.append("ET")
        contents.append(("\n".join(lines).encode("ascii"), buffer.getvalue(), picture.size, (width, height)))

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(dictionary: str, data: bytes) -> bytes:
        return f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode("ascii") + data + b"\nendstream"

    catalog = add(b"")  # filled in below, once the page tree's number is known
    tree = add(b"")
    widths = " ".join(str(round(width_of(codes.char(code)))) for code in range(32, 256))
    unicode_map = add(stream("/Filter /FlateDecode", zlib.compress(codes.to_unicode())))
    font = add(f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 "
               f"/Widths [{widths}] /ToUnicode {unicode_map} 0 R >>".encode("ascii"))
    kids = []
    for content, jpeg, (pixels_wide, pixels_high), (width, height) in contents:
        image = add(stream(f"/Type /XObject /Subtype /Image /Width {pixels_wide} /Height {pixels_high} "
                           "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", jpeg))
        text = add(stream("/Filter /FlateDecode", zlib.compress(content)))
        kids.append(add(f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {_number(width)} {_number(height)}] "
                        f"/Resources << /XObject << /Im0 {image} 0 R >> /Font << /F1 {font} 0 R >> >> "
                        f"/Contents {text} 0 R >>".encode("ascii")))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode("ascii")
    objects[tree - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                         f"/Count {len(kids)} >>").encode("ascii")
    stamp = (made or datetime.now()).strftime("D:%Y%m%d%H%M%S")
    info = add(b"<< /Title " + _text_string(title) + b" /Subject " + _text_string(subject)
               + b" /Creator (Dasbor IDM) /Producer (Dasbor IDM) /CreationDate (" + stamp.encode("ascii") + b") >>")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{offset:010d} 00000 n \n".encode("ascii") for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
            f"startxref\n{start}\n%%EOF\n").encode("ascii")
    return bytes(out)


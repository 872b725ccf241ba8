"""CSV files as Excel saves them, read into columns fast enough for a region's million outcome rows.

The file's encoding follows the rules of `decode` (UTF-8 with or without BOM, or Windows-1252 with Swedish
letters). Arrow's CSV reader splits it into string columns a block at a time, straight from the file, with every
record's number as the analyst sees it in a spreadsheet (header = row 1; a quoted cell with a line break is one
row). Arrow splits exactly as Python's strict `csv` module does for every well-formed file, but is lenient where
the `csv` module reports an error (a quote that never closes, text right after a closing quote); so the records
with a quote are first read with the `csv` module, and the rows from a faulty one on are left unread, as before.
"""
from __future__ import annotations

import csv
import io
import mmap
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..errors import ProblemCollector
from .files import TABLE_LIMIT, open_input

SWEDISH_LETTERS = "åäöÅÄÖé"
SAVE_HINT = "spara filen som 'CSV UTF-8 (kommaavgränsad)' i Excel, eller som UTF-8 i en texteditor"
BLOCK = 1 << 22
"""Bytes Arrow parses at a time; a record longer than this is read with the whole file as one block."""


@dataclass
class CsvTable:
    """A CSV file's header, its data rows as string columns and each data row's number (header = row 1).

    `columns[i]` is the i-th field of every row whose field count matches the header; rows with another count
    or after a CSV error are not in it, each with a problem (rows with only empty fields are left out silently).
    """

    header: list[str]
    columns: list[pa.Array]
    rows: np.ndarray
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (row, message, hint)


def decode(path: Path, data: bytes, problems: ProblemCollector) -> str | None:
    """Text of a CSV in UTF-8 (with or without BOM) or cp1252 with Swedish letters; otherwise a problem."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        problems.add(path, "filen är sparad som UTF-16 (Unicode-text), som inte kan läsas", SAVE_HINT)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mixed = _non_utf8_lines(data)
    if mixed:
        shown = ", ".join(map(str, mixed[:5])) + (" …" if len(mixed) > 5 else "")
        problems.add(path, f"filen är sparad som UTF-8 men {'rad' if len(mixed) == 1 else 'raderna'} {shown} "
                           "har en annan teckenkodning (troligen Windows-1252, inklistrad från en äldre fil)",
                     "skriv om å, ä och ö på de raderna, eller spara hela filen som UTF-8 igen", row=mixed[0])
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and any(letter in text for letter in SWEDISH_LETTERS):
        return text
    problems.add(path, "filens teckenkodning känns inte igen (varken UTF-8 eller Windows-1252 med å, ä, ö)",
                 SAVE_HINT)
    return None


def _non_utf8_lines(data: bytes) -> list[int]:
    """Line numbers that are not UTF-8 in a file whose other lines have UTF-8 letters (å as two bytes); else [].

    Such a file is UTF-8 with lines pasted from a cp1252 file: read as cp1252, every å of the UTF-8 lines would
    turn into 'Ã¥'. A file with no UTF-8 letter at all is plain cp1252 and read as such.
    """
    bad, utf8_letters = [], False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
            continue
        utf8_letters = utf8_letters or not text.isascii()
    return bad if utf8_letters else []


def _is_utf8(data: mmap.mmap) -> bool:
    """Whether the file is valid UTF-8, checked by Arrow in place (no copy of a large file as text)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    text = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    finally:
        del text  # the map cannot be closed while Arrow holds a view of it
    return True


def _encoding(path: Path, data: mmap.mmap, problems: ProblemCollector) -> str | None:
    """'utf-8' or 'cp1252' by the rules of `decode`; None (with its problem) for a file that is neither."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        decode(path, data[:4096], problems)
        return None
    if _is_utf8(data):
        return "utf-8"
    return "cp1252" if decode(path, data[:], problems) is not None else None


def sniff_delimiter(data: bytes | mmap.mmap) -> str:
    """Semicolon, tab or comma: whichever occurs most in the header line (comma on a tie)."""
    end = data.find(b"\n")
    header = data[:end if end >= 0 else len(data)]
    counts = {";": header.count(b";"), "\t": header.count(b"\t"), ",": header.count(b",")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


@contextmanager
def _any_field_size() -> Iterator[None]:
    """Cells of any length (the `csv` module stops at 128 kB by default; Arrow's reader has no such limit)."""
    previous = csv.field_size_limit(TABLE_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_error(exc: csv.Error) -> tuple[str, str]:
    message = ("ett citattecken öppnas men stängs aldrig; resten av filen kan inte läsas"
               if "end of data" in str(exc) else f"raden kan inte tolkas som CSV ({exc})")
    return message, "kontrollera att citattecknen (\") på raden är parvisa"


_LINE_END = re.compile(rb"\r\n|\r|\n")
_BLANK_FILE = re.compile(rb"[ \t\n\r\x0b\x0c]*")  # what bytes.isspace() calls space


class _Lines:
    """The lines of the file from byte `position` on, with their line ends, as the `csv` module reads them."""

    def __init__(self, data: mmap.mmap, position: int, encoding: str) -> None:
        self.data = data
        self.position = position
        self.encoding = encoding

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.data):
            raise StopIteration
        end = _LINE_END.search(self.data, self.position)
        stop = end.end() if end else len(self.data)
        line = self.data[self.position:stop].decode(
            "utf-8-sig" if self.position == 0 and self.encoding == "utf-8" else self.encoding)
        self.position = stop
        return line


def _line_ends(data: mmap.mmap, start: int, stop: int) -> int:
    """How many lines end between byte `start` and `stop` (CR LF, CR and LF each end one)."""
    count, step = 0, 1 << 22
    for begin in range(start, stop, step):
        end = min(begin + step, stop)
        chunk = data[begin:end]
        pairs = data[begin:min(end + 1, stop)].count(b"\r\n")  # a CR LF across the chunk's end is counted here
        count += chunk.count(b"\n") + chunk.count(b"\r") - pairs
    return count


def _line_start(data: mmap.mmap, position: int, floor: int) -> int:
    """Where the line holding byte `position` starts (not before `floor`)."""
    return max(data.rfind(b"\n", floor, position), data.rfind(b"\r", floor, position), floor - 1) + 1


def _first_error(data: mmap.mmap, delimiter: str, encoding: str) -> tuple[int, csv.Error] | None:
    """The number of the record where the strict `csv` module stops with an error, and the error; None if none.

    Only records with a quote can fail, so only those are read with the `csv` module: a line without a quote,
    outside a quoted cell, is one record. A million rows with a quoted comment here and there take a moment.
    """
    position, number = 0, 0
    with _any_field_size():
        while (quote := data.find(b'"', position)) >= 0:
            start = _line_start(data, quote, position)
            number += _line_ends(data, position, start) + 1
            lines = _Lines(data, start, encoding)
            try:
                next(csv.reader(lines, delimiter=delimiter, strict=True))
            except csv.Error as exc:
                return number, exc
            position = lines.position
    return None


def _all_empty(text: str, delimiter: str) -> bool:
    """Whether a row's fields (as the `csv` module splits them) are all empty or blank."""
    with _any_field_size():
        try:
            fields = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            return False
    return all(not f.strip() for f in fields)


class BlockTooSmall(Exception):
    """A record is longer than the block Arrow parses at a time; read again with the file as one block."""


class _Prefix(io.RawIOBase):
    """The first `size` bytes of an open file, from its start: what was judged, even if the file grows."""

    def __init__(self, fd: int, size: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        self.fd = fd
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = os.readv(self.fd, [memoryview(buffer)[:min(len(buffer), self.left)]]) if self.left else 0
        self.left -= count
        return count


@dataclass
class CsvSource:
    """An open CSV file: its encoding, delimiter, header and first CSV error, before its rows are split."""

    fd: int
    size: int
    encoding: str
    delimiter: str
    header: list[str]
    error: tuple[int, csv.Error] | None
    block: int = BLOCK

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def batches(self) -> Iterator[CsvTable]:
        """The data rows a block at a time, as string columns with their numbers, and the problems of rows that
        cannot be read (another field count, the CSV error). Raises BlockTooSmall, after which `block` is the
        whole file: the caller starts again."""
        skipped: list[tuple[int, int, str]] = []
        width = len(self.header)

        def other_count(row: pa_csv.InvalidRow) -> str:
            skipped.append((row.number, row.actual_columns, row.text))
            return "skip"

        names = [f"f{index}" for index in range(width)]
        reader = pa_csv.open_csv(
            _Prefix(self.fd, self.size),
            read_options=pa_csv.ReadOptions(column_names=names, use_threads=False, block_size=self.block,
                                            encoding=self.encoding),
            parse_options=pa_csv.ParseOptions(delimiter=self.delimiter, quote_char='"', double_quote=True,
                                              escape_char=False, newlines_in_values=True, ignore_empty_lines=False,
                                              invalid_row_handler=other_count),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), null_values=[],
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                  check_utf8=False),
            memory_pool=pa.system_memory_pool())
        stop = self.error[0] if self.error is not None else self.size + 2  # no record has a higher number
        numbering = _Numbering()
        while numbering.next < stop:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowInvalid as exc:
                read = max([numbering.next - 1, *(number for number, _, _ in skipped)])
                if self.error is not None and read >= stop - 1:
                    break  # Arrow fails at the row where the csv module stops: every row before it is read
                self.block = self.size + 1
                raise BlockTooSmall from exc
            numbers = numbering.take(batch.num_rows, [number for number, _, _ in skipped])
            first, end = np.searchsorted(numbers, [2, stop])  # the header is record 1
            yield CsvTable(self.header, [batch.column(index).slice(first, end - first) for index in range(width)],
                           numbers[first:end], self._skipped(skipped, numbering.next, stop))
        last = self._skipped(skipped, stop, stop) + ([(stop, *_csv_error(self.error[1]))] if self.error else [])
        yield CsvTable(self.header, [pa.array([], pa.string()) for _ in range(width)], np.array([], np.int64), last)

    def _skipped(self, skipped: list[tuple[int, int, str]], before: int, stop: int) -> list[tuple[int, str, str]]:
        """Problems of the skipped rows numbered below `before` (and `stop`), taken out of `skipped`."""
        passed = [entry for entry in skipped if entry[0] < before]
        skipped[:] = [entry for entry in skipped if entry[0] >= before]
        return [(number, f"raden har {count} fält men rubrikraden har {len(self.header)}",
                 "kontrollera avgränsarna; text som innehåller avgränsaren ska stå inom citattecken")
                for number, count, text in passed if number < stop and not _all_empty(text, self.delimiter)]


class _Numbering:
    """Record numbers of the rows Arrow delivers, which skip the rows it left out (another field count)."""

    def __init__(self) -> None:
        self.next = 1

    def take(self, count: int, skipped: list[int]) -> np.ndarray:
        """The numbers of the next `count` delivered rows; `skipped` holds every row left out so far."""
        later = np.array(sorted(n for n in skipped if n >= self.next), dtype=np.int64)
        extra = 0
        while (within := int(np.searchsorted(later, self.next + count + extra))) > extra:
            extra = within
        numbers = np.arange(self.next, self.next + count + extra, dtype=np.int64)
        numbers = numbers[~np.isin(numbers, later)]
        if count:
            self.next = int(numbers[-1]) + 1
        return numbers


def open_csv(path: Path, problems: ProblemCollector, empty_hint: str, header_hint: str) -> CsvSource | None:
    """The open file with its encoding, delimiter and header; None (with a problem) when it cannot be read.

    `empty_hint` and `header_hint` tell what an empty file and a file without header should hold. The caller
    closes the source. While the file is judged it is mapped into memory, not copied; its rows are read later.
    """
    opened = open_input(path, TABLE_LIMIT, problems)
    if opened is None:
        return None
    fd, size = opened
    try:
        source = _judged(path, fd, size, problems, empty_hint, header_hint)
    except BaseException:
        os.close(fd)
        raise
    if source is None:
        os.close(fd)
    return source


def _judged(path: Path, fd: int, size: int, problems: ProblemCollector, empty_hint: str,
            header_hint: str) -> CsvSource | None:
    if size == 0:
        problems.add(path, "filen är tom", empty_hint)
        return None
    with mmap.mmap(fd, size, access=mmap.ACCESS_READ) as data:
        if _BLANK_FILE.fullmatch(data):
            problems.add(path, "filen är tom", empty_hint)
            return None
        encoding = _encoding(path, data, problems)
        if encoding is None:
            return None
        delimiter = sniff_delimiter(data)
        error = _first_error(data, delimiter, encoding)
        if error is not None and error[0] == 1:
            problems.add(path, *_csv_error(error[1]), row=1)
            problems.add(path, "filen saknar rubrikrad", header_hint)
            return None
        with _any_field_size():
            header = next(csv.reader(_Lines(data, 0, encoding), delimiter=delimiter, strict=True), None)
    if header is None:
        problems.add(path, "filen saknar rubrikrad", header_hint)
        return None
    return CsvSource(fd, size, encoding, delimiter, header, error)

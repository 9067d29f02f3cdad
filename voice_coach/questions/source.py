"""Find where things are in a bank's TOML text, so errors can name a line.

``tomllib`` gives plain dicts without positions. ``SourceMap`` scans the raw text
once for table headers and ``key =`` lines; the n-th ``[[questions]]`` header is
the n-th question. Lines inside multi-line strings are skipped. When a position
cannot be found (say, questions written as an inline array) the nearest enclosing
line is returned instead, never nothing: line numbers start at 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
_MULTILINE_DELIMITERS = ('"""', "'''")


@dataclass(frozen=True)
class _Header:
    line: int
    name: str
    is_array: bool


@dataclass(frozen=True)
class _KeyLine:
    line: int
    key: str


class SourceMap:
    """Line numbers of the headers and keys in one TOML document."""

    def __init__(self, text: str) -> None:
        self._headers: list[_Header] = []
        self._keys: list[_KeyLine] = []
        open_delimiter: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if open_delimiter is not None:
                if line.count(open_delimiter) % 2 == 1:
                    open_delimiter = None
                continue
            header = _HEADER.match(line)
            if header:
                self._headers.append(
                    _Header(number, header.group(2).strip(), header.group(1) == "[[")
                )
                continue
            key = _KEY.match(line)
            if key:
                name = next(group for group in key.groups() if group is not None)
                self._keys.append(_KeyLine(number, name))
            for delimiter in _MULTILINE_DELIMITERS:
                if line.count(delimiter) % 2 == 1:
                    open_delimiter = delimiter
                    break

    def top_key_line(self, key: str) -> int:
        """The line of a top-level ``key =`` (before any table header), else 1."""
        first_header = self._headers[0].line if self._headers else None
        for entry in self._keys:
            if first_header is not None and entry.line > first_header:
                break
            if entry.key == key:
                return entry.line
        return 1

    def table_line(self, name: str) -> int:
        """The line of the first ``[name]`` or ``[[name]]`` header, else of ``name =``, else 1."""
        for header in self._headers:
            if header.name == name:
                return header.line
        return self.top_key_line(name)

    def question_line(self, index: int) -> int:
        """The line of the ``[[questions]]`` header of question ``index`` (0-based)."""
        headers = [h for h in self._headers if h.is_array and h.name == "questions"]
        if index < len(headers):
            return headers[index].line
        return self.top_key_line("questions")

    def question_key_line(self, index: int, key: str) -> int:
        """The line of ``key =`` inside question ``index``, else that question's header."""
        start = self.question_line(index)
        end = self._next_header_after(start)
        for entry in self._keys:
            if start < entry.line and (end is None or entry.line < end) and entry.key == key:
                return entry.line
        return start

    def _next_header_after(self, line: int) -> int | None:
        for header in self._headers:
            if header.line > line:
                return header.line
        return None

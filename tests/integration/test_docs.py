"""The documentation stays true where it can be checked mechanically: the
field reference (docs/fields.md) lists what the plugin registers, and every
relative link in README.md and docs/*.md leads to a file of the tree (and,
for a link into a Markdown file with #anchor, to one of its headings), the
lessons' pictures are PNG files, and every file of docs/images/ is shown by
one of these documents."""

import glob
import os
import re
import unittest

import fieldtable
from tsharkrun import SOURCE_DIR

# [text](target), ![alt](target), with an optional "title"; <... href/src="target">;
# [label]: target (reference definitions).
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def read(relative):
    with open(os.path.join(SOURCE_DIR, relative), encoding="utf-8") as f:
        return f.read()


def documents():
    """README.md and docs/*.md, relative to the source folder."""
    pages = sorted(glob.glob(os.path.join(SOURCE_DIR, "docs", "*.md")))
    return ["README.md"] + [os.path.relpath(page, SOURCE_DIR) for page in pages]


def prose(text):
    """The text without fenced code blocks, HTML comments and code spans,
    where brackets and parentheses are not links."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    lines, fence = [], None
    for line in text.splitlines():
        marker = re.match(r"^\s*(```+|~~~+)", line)
        if fence is None and marker:
            fence = marker.group(1)[0] * 3
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        lines.append(re.sub(r"(`+).*?\1", "", line))
    return "\n".join(lines)


def links(text):
    body = prose(text)
    return (INLINE_LINK.findall(body) + HTML_LINK.findall(body) + REFERENCE.findall(body))


def anchors(text):
    """GitHub's anchors for the headings of a Markdown text."""
    seen, result = {}, set()
    for line in prose(text).splitlines():
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1))
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


def broken_links(document):
    """The relative links of one document that lead nowhere."""
    text, folder, broken = read(document), os.path.dirname(document), []
    for target in links(text):
        if SCHEME.match(target) or target.startswith("//"):
            continue                        # http:, https:, mailto: ...
        path, _, anchor = target.partition("#")
        path = path.split("?", 1)[0]
        relative = os.path.normpath(os.path.join(folder, path)) if path else document
        absolute = os.path.join(SOURCE_DIR, relative)
        if relative.startswith("..") or not os.path.exists(absolute):
            broken.append(f"{document}: {target} (no {relative})")
        elif anchor and relative.endswith(".md") and anchor not in anchors(read(relative)):
            broken.append(f"{document}: {target} (no heading #{anchor} in {relative})")
    return broken


def link_targets(document):
    """The files of the tree the relative links of one document lead to,
    relative to the source folder."""
    folder, targets = os.path.dirname(document), set()
    for target in links(read(document)):
        if SCHEME.match(target) or target.startswith("//"):
            continue
        path = target.partition("#")[0].split("?", 1)[0]
        if path:
            targets.add(os.path.normpath(os.path.join(folder, path)))
    return targets


def pictures():
    """The files of docs/images/ and its subfolders (docs/images/ja/),
    relative to the source folder."""
    found = glob.glob(os.path.join(SOURCE_DIR, "docs", "images", "**", "*"), recursive=True)
    return sorted(os.path.relpath(path, SOURCE_DIR) for path in found if os.path.isfile(path))


class FieldReferenceTest(unittest.TestCase):
    def test_field_table_matches_plugin(self):
        committed = fieldtable.committed_table(read(os.path.join("docs", "fields.md")))
        generated = fieldtable.generated_table()
        self.assertEqual(committed, generated,
                         "docs/fields.md's field table is stale: run "
                         "tests/integration/fieldtable.py --update")


class LinksTest(unittest.TestCase):
    def test_every_relative_link_resolves(self):
        pages = documents()
        self.assertIn(os.path.join("docs", "fields.md"), pages)
        broken = [problem for page in pages for problem in broken_links(page)]
        self.assertEqual(broken, [], "\n".join(broken))

    def test_every_picture_of_the_lessons_is_a_png(self):
        # Each lesson shows pictures, and each of them is a PNG file of the
        # tree (made by docs/screenshots/make-screenshots.sh).
        for lesson in ["docs/lesson.md", "docs/lesson.ja.md"]:
            shown = sorted(target for target in link_targets(lesson)
                           if target.startswith(os.path.join("docs", "images", "")))
            with self.subTest(lesson=lesson):
                self.assertGreaterEqual(len(shown), 10)
                for picture in shown:
                    with open(os.path.join(SOURCE_DIR, picture), "rb") as f:
                        self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n", picture)

    def test_every_picture_is_shown_somewhere(self):
        # No picture in docs/images/ is left over: README.md or a page of
        # docs/ shows each one.
        shown = set().union(*(link_targets(page) for page in documents()))
        unused = [picture for picture in pictures() if picture not in shown]
        self.assertEqual(unused, [], "pictures no document shows")
        self.assertIn(os.path.join("docs", "images", "subtree.png"), pictures())

    def test_the_checker_sees_links(self):
        # The checker itself: links in prose count, links in code do not,
        # and a missing file or heading is reported.
        text = ("See [a](a.md#x-y), ![b](img/b.png \"t\"), <img src=\"c.png\">.\n"
                "[ref]: d.md\n`[no](code.md)`\n```\n[no](fence.md)\n```\n## X y\n")
        self.assertEqual(sorted(links(text)), ["a.md#x-y", "c.png", "d.md", "img/b.png"])
        self.assertEqual(anchors(text), {"x-y"})
        self.assertEqual(anchors("# Scripts that do not use portclass (Wireshark 4.0)\n"),
                         {"scripts-that-do-not-use-portclass-wireshark-40"})


if __name__ == "__main__":
    unittest.main()

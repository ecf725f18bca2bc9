"""The man pages and docs/ against what the program really accepts.

- chronicle(1), as man renders it, has a section for every command and names every option of
  it. The commands and options are found by walking the command-line tree through the binary
  (`chronicle __complete`, the engine of the shell completions), not through the generator of
  the page.
- docs/COMMANDS.md's reference is exactly what `chronicle __man --format markdown` writes
  (scripts/update-docs rewrites it).
- chronicle-event(5) and docs/FORMAT.md name every key the loader knows: the keys are read from
  the loader's own "unknown key" errors on a timeline written here.

Usage: man_test.py CHRONICLE_BINARY BUILD_DIR SOURCE_DIR
"""

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BINARY = BUILD = SOURCE = None
BEGIN = "<!-- reference: begin -->"
END = "<!-- reference: end -->"


def chronicle(*args, cwd=None):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, cwd=cwd)


def render(page):
    """The page as man shows it, in plain text on one long line per paragraph."""
    env = dict(os.environ, MANWIDTH="1000", LC_ALL="C", MAN_KEEP_FORMATTING="")
    out = subprocess.run(["man", "-l", "-P", "cat", page], capture_output=True, text=True,
                         env=env, check=True)
    return re.sub(r".\x08", "", out.stdout)


class CommandTree:
    """Every command path and its options, walked through `chronicle __complete`."""

    def __init__(self, cwd):
        self.cwd = cwd
        self.options = {}
        self.walk([])

    def candidates(self, path, word):
        out = chronicle("__complete", "--", "chronicle", *path, word, cwd=self.cwd)
        assert out.returncode == 0, out.stderr
        lines = out.stdout.split("\n")
        return lines[0], [line for line in lines[1:] if line]

    def walk(self, path):
        _, options = self.candidates(path, "-")
        if path:
            self.options[" ".join(path)] = sorted(
                {o.split("\t")[0] for o in options if o.startswith("--")} - {"--help"})
        what, words = self.candidates(path, "")
        for w in words:
            if "\t" in w:  # a command has a description; a value (bash, zsh, fish) has none
                self.walk(path + [w.split("\t")[0]])


class ManPages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.tree = CommandTree(cls.tmp.name)
        cls.man1 = os.path.join(BUILD, "share", "man", "man1", "chronicle.1.gz")
        cls.man5 = os.path.join(BUILD, "share", "man", "man5", "chronicle-event.5.gz")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_tree_is_walked(self):
        # A broken walk would make the tests below pass on nothing.
        self.assertIn("export ics", self.tree.options)
        self.assertIn("--output", self.tree.options["export ics"])
        self.assertIn("completions", self.tree.options)
        self.assertNotIn("__complete", self.tree.options)
        self.assertGreaterEqual(len(self.tree.options), 19)

    def test_chronicle_1_has_every_command_and_option(self):
        text = render(self.man1)
        # Each command's section starts with its usage line, indented as a subsection heading:
        # the command's path, then its arguments. It ends where the next one, or the next
        # section (ENVIRONMENT), starts.
        known = sorted(self.tree.options, key=len, reverse=True)
        heads = []
        for m in re.finditer(r"(?m)^(?: {3}chronicle (.*)|[A-Z][A-Z ]+)$", text):
            path = next((p for p in known if m.group(1) and
                         (m.group(1) == p or m.group(1).startswith(p + " "))), None)
            heads.append((m.start(), path))
        sections = {}
        for i, (start, path) in enumerate(heads):
            end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
            if path:
                sections[path] = text[start:end]
        for path, options in self.tree.options.items():
            with self.subTest(command=path):
                self.assertTrue(path in sections,
                                f"chronicle(1) has no section for chronicle {path}")
                for option in options:
                    self.assertTrue(
                        re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", sections[path]),
                        f"chronicle(1) does not name {option} in chronicle {path}")

    def test_chronicle_1_page_parts(self):
        text = render(self.man1)
        for heading in ["NAME", "SYNOPSIS", "COMMANDS", "ENVIRONMENT", "EXIT STATUS", "SEE ALSO"]:
            self.assertRegex(text, rf"(?m)^{heading}$")
        self.assertNotIn("@COMMANDS@", text)

    def test_commands_md_reference_is_the_programs(self):
        with open(os.path.join(SOURCE, "docs", "COMMANDS.md"), encoding="utf-8") as f:
            doc = f.read()
        self.assertIn(BEGIN, doc)
        self.assertIn(END, doc)
        written = doc[doc.index(BEGIN) + len(BEGIN):doc.index(END)].strip("\n")
        out = chronicle("__man", "--format", "markdown")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(written, out.stdout.strip("\n"),
                         "docs/COMMANDS.md's reference differs from the commands' definitions: "
                         "run scripts/update-docs and commit the result")

    def known_keys(self):
        """The keys the loader knows, from its errors about unknown ones, per table."""
        folder = os.path.join(self.tmp.name, "keys")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "timeline.toml"), "w") as f:
            f.write('name = "Keys"\nzzz_unknown = 1\n')
        with open(os.path.join(folder, "2024-01-01-a.toml"), "w") as f:
            f.write('title = "A"\ndate = "2024-01-01"\nzzz_unknown = 1\n'
                    'repeat = "FREQ=DAILY;COUNT=3"\n'
                    '[place]\nname = "P"\nzzz_unknown = 1\n'
                    '[[participants]]\nname = "N"\nzzz_unknown = 1\n'
                    '[[sources]]\nurl = "https://example.org/"\nzzz_unknown = 1\n'
                    '[[changed]]\noccurrence = "2024-01-02"\nzzz_unknown = 1\n')
        out = chronicle("--events", folder, "check")
        found = re.findall(r'(?m)^(\S+?):\d+:\d+: error: unknown key "zzz_unknown"( in \S+)?; '
                           r'expected one of: (.*)$', out.stdout + out.stderr)
        return {os.path.basename(file) + where: keys.split(", ") for file, where, keys in found}

    def test_event_format_names_every_key(self):
        tables = self.known_keys()
        self.assertEqual(len(tables), 6, tables)  # timeline.toml, event, and four tables
        with gzip.open(self.man5, "rt", encoding="utf-8") as f:
            f.read()  # it is a gzip file
        page = render(self.man5)
        with open(os.path.join(SOURCE, "docs", "FORMAT.md"), encoding="utf-8") as f:
            doc = f.read()
        for where, keys in tables.items():
            for key in keys:
                with self.subTest(table=where, key=key):
                    word = rf"(?<![\w-]){re.escape(key)}(?![\w-])"
                    self.assertRegex(page, word, f"chronicle-event(5) does not name {key}")
                    self.assertRegex(doc, word, f"docs/FORMAT.md does not name {key}")


if __name__ == "__main__":
    BINARY, BUILD, SOURCE = (os.path.abspath(a) for a in sys.argv[1:4])
    del sys.argv[1:4]
    if not shutil.which("man"):
        print("SKIP: man is not installed (scripts/deps test installs man-db)")
        sys.exit(77)
    unittest.main(verbosity=2)

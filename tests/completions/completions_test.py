"""Shell completions through real shells: bash (its completion function, as `complete -F`
calls it), zsh (typed into an interactive zsh with compinit, in a pseudo-terminal) and fish
(`complete -C`, fish's own completion engine). Each runs `chronicle` from PATH, as a user's shell would, on a timeline
written here.

Usage: completions_test.py CHRONICLE_BINARY
"""

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

BINARY = None


class Completions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        root = cls.tmp.name
        cls.bin = os.path.join(root, "bin")
        os.mkdir(cls.bin)
        os.symlink(BINARY, os.path.join(cls.bin, "chronicle"))
        cls.events = os.path.join(root, "events")
        os.mkdir(cls.events)
        with open(os.path.join(cls.events, "timeline.toml"), "w") as f:
            f.write('name = "Tests"\n')
        for name, title, tags in [
            ("2024-02-08-inaugural-dialogue", "Inaugural dialogue", '["c5plus1", "minerals"]'),
            ("2024-03-01-summit", "Summit", '["c5plus1", "summit"]'),
        ]:
            with open(os.path.join(cls.events, name + ".toml"), "w") as f:
                f.write(f'title = "{title}"\ndate = "{name[:10]}"\ntags = {tags}\n')
        os.mkdir(os.path.join(root, "exports"))
        open(os.path.join(root, "exports", "c5.ics"), "w").close()
        cls.env = dict(os.environ, PATH=cls.bin + os.pathsep + os.environ.get("PATH", ""))
        cls.env.pop("CHRONICLE_EVENTS", None)
        for shell in ("bash", "zsh", "fish"):
            script = os.path.join(root, "completion." + shell)
            with open(script, "w") as f:
                f.write(cls.run_chronicle(["completions", shell]))
            setattr(cls, shell + "_script", script)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def run_chronicle(cls, args):
        out = subprocess.run([BINARY] + args, capture_output=True, text=True, check=True)
        return out.stdout

    def run_shell(self, argv):
        out = subprocess.run(argv, capture_output=True, text=True, env=self.env, cwd=self.tmp.name,
                             timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        return [line for line in out.stdout.split("\n") if line]

    # bash: COMP_WORDS and COMP_CWORD as bash sets them, then the function `complete -p` names.
    def bash(self, *words):
        script = textwrap.dedent(f"""\
            source {shlex.quote(self.bash_script)}
            spec=$(complete -p chronicle) || exit 9
            [[ $spec == "complete -F _chronicle chronicle" ]] || {{ echo "spec: $spec"; exit 8; }}
            COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})
            COMP_CWORD={len(words) - 1}
            COMP_LINE="${{COMP_WORDS[*]}}"
            COMP_POINT=${{#COMP_LINE}}
            _chronicle chronicle "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
            printf '%s\\n' "${{COMPREPLY[@]}}"
            """)
        return self.run_shell(["bash", "--norc", "--noprofile", "-c", script])

    def test_bash_commands(self):
        self.assertEqual(self.bash("chronicle", "li"), ["list"])
        self.assertEqual(sorted(self.bash("chronicle", "ex")), ["export", "extract"])
        self.assertEqual(self.bash("chronicle", "exp"), ["export"])
        self.assertEqual(self.bash("chronicle", "export", ""),
                         ["ics", "html", "vdir", "markdown", "json", "csv", "timelinejs"])

    def test_bash_hidden_commands_are_not_offered(self):
        self.assertEqual(self.bash("chronicle", "__"), [])
        self.assertNotIn("__complete", self.bash("chronicle", ""))

    def test_bash_options(self):
        self.assertEqual(self.bash("chronicle", "list", "--fo"), ["--format"])
        self.assertEqual(self.bash("chronicle", "--ev"), ["--events"])
        self.assertEqual(self.bash("chronicle", "export", "ics", "--la"), ["--lang"])

    def test_bash_option_values(self):
        self.assertEqual(self.bash("chronicle", "list", "--format", ""),
                         ["text", "json", "markdown"])
        self.assertEqual(self.bash("chronicle", "list", "--lang", ""), ["en", "ru"])
        # --lang=<Tab> and --lang=r<Tab>: bash splits the word at "=".
        self.assertEqual(self.bash("chronicle", "list", "--lang", "="), ["en", "ru"])
        self.assertEqual(self.bash("chronicle", "list", "--lang", "=", "r"), ["ru"])
        self.assertEqual(self.bash("chronicle", "completions", ""), ["bash", "zsh", "fish"])

    def test_bash_zones_from_the_tz_database(self):
        self.assertEqual(self.bash("chronicle", "add", "--tz", "Europe/Mosc"), ["Europe/Moscow"])
        self.assertIn("Asia/Almaty", self.bash("chronicle", "add", "--tz", "Asia/Al"))

    def test_bash_ids_and_tags_from_the_timeline(self):
        self.assertEqual(self.bash("chronicle", "--events", self.events, "show", ""),
                         ["2024-02-08-inaugural-dialogue", "2024-03-01-summit"])
        self.assertEqual(self.bash("chronicle", "--events", self.events, "remove", "2024-03"),
                         ["2024-03-01-summit"])
        self.assertEqual(self.bash("chronicle", "--events", self.events, "list", "--tag", ""),
                         ["c5plus1", "minerals", "summit"])
        self.assertEqual(
            self.bash("chronicle", "--events", self.events, "edit", "x", "--add-related", "2024-02"),
            ["2024-02-08-inaugural-dialogue"])

    def test_bash_ids_of_the_default_folder(self):
        # Without --events, the folder the command would read: ./events.
        self.assertEqual(self.bash("chronicle", "show", "2024-02"),
                         ["2024-02-08-inaugural-dialogue"])

    def test_bash_file_names(self):
        self.assertEqual(self.bash("chronicle", "export", "ics", "-o", "exports/"),
                         ["exports/c5.ics"])

    # zsh: an interactive zsh in a pseudo-terminal (zpty), with compinit and the script; each line
    # is typed with a Tab, then Enter runs it. `chronicle` there is a function that records its
    # arguments (and runs the real one for __complete), so what Tab made of the line is read back.
    def zsh_lines(self, *lines):
        out = os.path.join(self.tmp.name, "zsh-lines")
        if os.path.exists(out):
            os.remove(out)
        typed = "\n".join(
            f"zpty -w -n z {shlex.quote(line)}$'\\t\\n'\n"
            f"for i in {{1..100}}; do [[ -f {shlex.quote(out)} ]] && (( $(wc -l < {shlex.quote(out)}) >= {n + 1} )) && break; sleep 0.1; done"
            for n, line in enumerate(lines))
        script = textwrap.dedent(f"""\
            zmodload zsh/zpty
            zpty z 'zsh -f -i'
            zpty -w z 'autoload -U compinit && compinit -u -D && source {shlex.quote(self.zsh_script)}'
            zpty -w z 'chronicle() {{ if [[ $1 == __complete ]]; then command chronicle "$@"; else print -r -- "chronicle $*" >> {shlex.quote(out)}; fi }}'
            sleep 1
            """) + typed + "\nzpty -d z\n"
        self.run_shell(["zsh", "-f", "-c", script])
        with open(out) as f:
            return f.read().split("\n")[:-1]

    def test_zsh(self):
        ev = self.events
        self.assertEqual(
            self.zsh_lines("chronicle li", "chronicle export ic", "chronicle list --form",
                           "chronicle list --format ma", "chronicle list --lang=r",
                           "chronicle add --tz Europe/Mosc", f"chronicle --events {ev} show 2024-03",
                           f"chronicle --events {ev} list --tag su", "chronicle export ics -o exports/"),
            ["chronicle list", "chronicle export ics", "chronicle list --format",
             "chronicle list --format markdown", "chronicle list --lang=ru",
             "chronicle add --tz Europe/Moscow", f"chronicle --events {ev} show 2024-03-01-summit",
             f"chronicle --events {ev} list --tag summit", "chronicle export ics -o exports/c5.ics"])

    # fish: its own engine, as Tab runs it.
    def fish(self, line):
        script = f"source {shlex.quote(self.fish_script)}; complete -C {shlex.quote(line)}"
        return self.run_shell(["fish", "--no-config", "-c", script])

    def test_fish(self):
        self.assertEqual(self.fish("chronicle li"), ["list\tPrint the chronology, grouped by year"])
        self.assertEqual(self.fish("chronicle list --format j"), ["json"])
        self.assertEqual(self.fish(f"chronicle --events {self.events} list --tag s"), ["summit"])
        self.assertEqual(self.fish(f"chronicle --events {self.events} show 2024-02"),
                         ["2024-02-08-inaugural-dialogue\tInaugural dialogue"])
        self.assertEqual(self.fish("chronicle export ics -o exports/"), ["exports/c5.ics"])


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    for shell in ("zsh", "fish"):
        if not shutil.which(shell):
            setattr(Completions, "test_" + shell,
                    unittest.skip(f"{shell} is not installed (scripts/deps test installs it)")(
                        lambda self: None))
    unittest.main(verbosity=2)

#!/usr/bin/env python3
"""Terminal tests of the interactive nnstep shell.

Each test starts nnstep on a pseudo-terminal (pexpect), types keys as a person
would, and asserts on what the terminal shows: the bytes are fed to a VT100
emulator (pyte) and the rendered screen is compared, so cursor movement and
redrawing count, not the raw escape codes. HOME and XDG_STATE_HOME point into a
fresh temporary directory for every test.

    python3 Tests/pty/test_shell.py .build/release/nnstep [TEST_NAME...]

Prints one line per test and a final line `N passed, M failed`; exits 1 on any
failure.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

import pexpect
import pyte

ROWS, COLS = 40, 120

# The main prompt is `nn> ` or `nn[STAGE]> ` (e.g. `nn[fwd 2/3]> `); while
# brackets are open the continuation prompt is shown instead.
MAIN_PROMPT = re.compile(r"^nn(\[[^\]]*\])?> $")
ANY_PROMPT = re.compile(r"> $")
ERROR = re.compile(r"\berror\b|unknown command|not understood", re.IGNORECASE)

KEY = {
    "left": "\x1b[D",
    "right": "\x1b[C",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "delete": "\x1b[3~",
    "backspace": "\x7f",
    "tab": "\t",
    "enter": "\r",
    "ctrl-c": "\x03",
    "ctrl-d": "\x04",
}


class Terminal:
    """nnstep on a pseudo-terminal, with the screen a person would see."""

    def __init__(self, binary, home, args=(), env=None, cols=COLS):
        self.home = home
        self.screen = pyte.Screen(cols, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "XDG_STATE_HOME": os.path.join(home, "state"),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
        }
        environment.update(env or {})
        self.child = pexpect.spawn(binary, list(args), env=environment, cwd=home,
                                   dimensions=(ROWS, cols))

    # MARK: - Reading the screen

    def pump(self, seconds=0.05):
        """Feeds whatever nnstep wrote within `seconds` to the emulator."""
        deadline = time.time() + seconds
        while True:
            try:
                data = self.child.read_nonblocking(65536, timeout=max(0.0, deadline - time.time()))
            except pexpect.TIMEOUT:
                return
            except pexpect.EOF:
                return
            self.raw += data
            self.stream.feed(data)
            if time.time() >= deadline:
                return

    def lines(self):
        return [line.rstrip() for line in self.screen.display]

    def before_cursor(self):
        return self.screen.display[self.screen.cursor.y][: self.screen.cursor.x]

    def after_cursor(self):
        return self.screen.display[self.screen.cursor.y][self.screen.cursor.x:].rstrip()

    def text(self):
        return "\n".join(line for line in self.lines())

    def dump(self):
        shown = self.lines()
        while shown and not shown[-1]:
            shown.pop()
        return "\n".join("    |" + line for line in shown)

    def wait_for(self, what, predicate, timeout=5.0):
        deadline = time.time() + timeout
        while True:
            self.pump(0.05)
            if predicate():
                return
            if time.time() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{self.dump()}")

    def wait_prompt(self, timeout=5.0, main=True):
        """Waits until the cursor sits after an empty prompt."""
        pattern = MAIN_PROMPT if main else ANY_PROMPT

        def ready():
            return bool(pattern.search(self.before_cursor())) and self.after_cursor() == ""

        self.wait_for("the main prompt" if main else "a prompt", ready, timeout)
        return self.screen.cursor.y

    def wait_text(self, needle, timeout=5.0):
        self.wait_for(repr(needle), lambda: needle in self.text(), timeout)

    def wait_line(self, text, timeout=5.0):
        """Waits until the cursor line, up to the cursor, ends with `text`."""
        self.wait_for(f"the line {text!r}", lambda: self.before_cursor().endswith(text), timeout)

    # MARK: - Typing

    def type(self, text):
        self.child.send(text)

    def press(self, *keys):
        for key in keys:
            self.child.send(KEY[key])
            time.sleep(0.02)

    def command(self, text, timeout=10.0):
        """Types `text`, Enter, and waits for the next prompt; returns the output lines."""
        self.wait_prompt()
        self.type(text)
        self.wait_line(text)
        self.press("enter")
        self.wait_prompt(timeout)
        return self.output_of(text)

    def output_of(self, text):
        """The lines between the last prompt showing `text` and the cursor,
        searched from the bottom, so it holds after the screen scrolled; when
        long output pushed the prompt off the screen, every line above the cursor."""
        end = self.screen.cursor.y
        rows = self.lines()
        for index in range(end - 1, -1, -1):
            if ANY_PROMPT.search(rows[index][: len(rows[index]) - len(text)]) and rows[index].endswith(text):
                return rows[index + 1:end]
        return rows[:end]

    def finish(self, timeout=5.0):
        """Waits for nnstep to exit and returns its status."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.stream.feed(self.child.before or b"")
        self.child.close()
        return self.child.exitstatus

    def history(self):
        path = os.path.join(self.home, "state", "nnstep", "history")
        with open(path, encoding="utf-8") as file:
            return file.read().splitlines()


def assert_no_error(lines):
    for line in lines:
        assert not ERROR.search(line), f"unexpected error: {line!r}"


def row_has(line, *numbers):
    """Whether `line` shows `numbers` in order (1 matches 1, 1., 1.0, 1.000)."""
    pattern = r"\s*,?\s*".join(rf"(?<![\d.]){n}(\.0*)?(?![\d])" for n in numbers)
    return re.search(pattern, line) is not None


# MARK: - Editing


def test_fix_a_typo_with_cursor_keys(term):
    term.wait_prompt()
    line = term.screen.cursor.y
    term.type("shw WW1")
    term.wait_line("shw WW1")
    term.press("left", "left", "delete")       # drop the second W
    term.press("left", "left", "left")         # back to between h and w
    term.type("o")
    term.wait_for("the fixed line", lambda: term.lines()[line].endswith("> show W1"))
    assert term.after_cursor() == "w W1", term.dump()
    term.press("enter")
    term.wait_prompt()
    output = term.output_of("show W1")
    assert_no_error(output)
    assert any("W1" in row for row in output), term.dump()


def test_up_recalls_the_previous_command(term):
    term.command("show b1")
    term.press("up")
    term.wait_line("show b1")
    term.press("enter")
    term.wait_prompt()
    term.press("up", "up")
    term.wait_line("show b1")
    term.press("down")
    term.wait_for("an empty line after Down", lambda: MAIN_PROMPT.search(term.before_cursor()))


def test_tab_completes_command_names(term):
    term.wait_prompt()
    term.type("backw")
    term.wait_line("backw")
    term.press("tab")
    term.wait_line("backward ")


def test_tab_lists_gradients_after_show(term):
    term.command("forward all")
    term.command("cost")
    term.command("backward all")
    term.type("show dW")
    term.wait_line("show dW")
    term.press("tab")
    term.wait_for("the candidates dW1 dW2 dW3",
                  lambda: any(re.fullmatch(r"dW1\s+dW2\s+dW3", row) for row in term.lines()))
    term.wait_line("show dW")          # the line is shown again under the list
    term.type("2")
    term.press("tab")
    term.wait_line("show dW2 ")
    term.press("enter")
    term.wait_prompt()
    output = term.output_of("show dW2")
    assert_no_error(output)
    assert any("dW2" in row for row in output), term.dump()


def test_paste_a_two_line_array_literal(term):
    term.wait_prompt()
    term.type("X = [[1, 2],\r[3, 4]]\r")    # as a terminal delivers a paste

    def continued():
        rows = [row[: -len("[3, 4]]")] for row in term.lines() if row.endswith("[3, 4]]")]
        return any(ANY_PROMPT.search(row) and not MAIN_PROMPT.search(row) for row in rows)

    term.wait_for("the continuation prompt before [3, 4]]", continued)
    term.wait_prompt()
    assert_no_error(term.output_of("[3, 4]]"))
    term.press("up")                          # history keeps it as one line
    term.wait_line("X = [[1, 2], [3, 4]]")
    term.press("ctrl-c")
    output = term.command("show X")
    assert_no_error(output)
    first = next((i for i, row in enumerate(output) if row_has(row, 1, 2)), None)
    assert first is not None and first + 1 < len(output) and row_has(output[first + 1], 3, 4), term.dump()


def test_utf8_input_keeps_the_line(term):
    term.wait_prompt()
    line = term.screen.cursor.y
    term.type("# hllo")
    term.wait_line("# hllo")
    term.press("left", "left", "left")
    term.type("é")
    term.wait_for("é inserted", lambda: term.lines()[line].endswith("> # héllo"))
    assert term.after_cursor() == "llo", term.dump()
    term.press("enter")
    term.wait_prompt()
    assert term.lines()[line].endswith("> # héllo"), term.dump()
    assert_no_error(term.lines()[line + 1:term.screen.cursor.y])
    assert_no_error(term.command("show W1"))


# MARK: - Ctrl-C and Ctrl-D


def test_ctrl_c_at_an_empty_prompt_keeps_the_shell(term):
    first = term.wait_prompt()
    term.press("ctrl-c")
    term.wait_for("a fresh prompt", lambda: term.screen.cursor.y > first and MAIN_PROMPT.search(term.before_cursor()))
    assert term.child.isalive()
    assert_no_error(term.command("show W1"))


def test_ctrl_c_while_typing_drops_the_line(term):
    first = term.wait_prompt()
    term.type("show W2")
    term.wait_line("show W2")
    term.press("ctrl-c")
    term.wait_for("a fresh prompt", lambda: term.screen.cursor.y > first and MAIN_PROMPT.search(term.before_cursor()))
    time.sleep(0.2)
    term.pump()
    assert term.screen.cursor.y == first + 1, "the dropped line ran:\n" + term.dump()
    term.press("enter")
    term.wait_prompt()
    assert term.child.isalive()


def test_ctrl_c_stops_a_long_train(term):
    term.wait_prompt()
    term.type("train 1000000 0.01")
    term.wait_line("train 1000000 0.01")
    term.press("enter")
    time.sleep(1.0)
    term.pump()
    assert not MAIN_PROMPT.search(term.before_cursor()), "train finished too fast:\n" + term.dump()
    term.press("ctrl-c")
    term.wait_prompt(timeout=10.0)
    assert term.child.isalive()
    output = term.command("show W1")
    assert_no_error(output)
    assert output, term.dump()
    # `history` lists the iterations that ran, marked; the line history keeps what was typed.
    listed = "\n".join(term.command("history"))
    ran = re.search(r"train (\d+) 0\.01  # stopped", listed)
    assert ran and int(ran.group(1)) < 1000000, term.dump()


def test_ctrl_c_stops_an_h5_load(term):
    """Ctrl-C in the middle of an .h5 read kills the reader child: the prompt comes back with nothing loaded."""
    try:
        import h5py
        import numpy
    except ImportError:
        print("note: no h5py here; scripts/reliability/misc.sh tests the .h5 interrupt (pip install h5py)")
        return
    path = os.path.join(term.home, "big.h5")
    values = numpy.random.default_rng(0).random((4000, 8000))
    with h5py.File(path, "w") as file:
        file.create_dataset("X", data=values, compression="gzip", compression_opts=1, chunks=(100, 8000))
    term.wait_prompt()
    term.type(f"load {path}")
    term.wait_line(f"load {path}")
    term.press("enter")
    time.sleep(0.5)
    term.pump()
    assert not MAIN_PROMPT.search(term.before_cursor()), "the load finished too fast:\n" + term.dump()
    term.press("ctrl-c")
    term.wait_text("load interrupted")
    term.wait_prompt()
    assert "X shape" not in term.text(), term.dump()
    readers = subprocess.run(["pgrep", "-f", "--", f"--hdf5-reader {path}"], capture_output=True, text=True)
    assert not readers.stdout.strip(), "a reader is left: " + readers.stdout
    assert term.child.isalive()
    assert_no_error(term.command("show W1"))


def test_ctrl_d_leaves_and_keeps_history(term):
    term.command("show W1")
    term.command("show b1")
    term.wait_prompt()
    term.press("ctrl-d")
    assert term.finish() == 0
    assert term.history()[-2:] == ["show W1", "show b1"], term.history()


def test_an_interactive_session_exits_0_after_errors_and_fails(term):
    term.command("forwrd")
    term.command("expect W1 W1 + 1")
    term.type("exit\r")
    assert term.finish() == 0, term.dump()


def test_history_survives_a_restart(term, binary):
    term.command("show b2")
    term.press("ctrl-d")
    term.finish()
    again = Terminal(binary, term.home)
    try:
        again.wait_prompt()
        again.press("up")
        again.wait_line("show b2")
    finally:
        again.child.terminate(force=True)


def test_no_color_leaves_out_colour_codes(term, binary):
    term.child.terminate(force=True)
    for args, env in ((["--no-color"], {}), ([], {"NO_COLOR": "1"})):
        plain = Terminal(binary, term.home, args=args, env=env)
        try:
            plain.command("show W1")
            assert not re.search(rb"\x1b\[[0-9;]*m", plain.raw), plain.raw[:400]
        finally:
            plain.child.terminate(force=True)


def test_train_shows_a_progress_bar_on_a_terminal(term):
    term.wait_prompt()
    term.type("train 3000000 0.01 every 1000000")
    term.wait_line("train 3000000 0.01 every 1000000")
    term.press("enter")
    term.wait_text("it/s", timeout=10.0)
    bar = [line for line in term.lines() if "it/s" in line]
    assert bar and "/3000000" in bar[0] and "J = " in bar[0], term.dump()
    term.press("ctrl-c")
    term.wait_prompt(timeout=10.0)
    assert not any("it/s" in line for line in term.lines()), "the bar was not cleared:\n" + term.dump()


def test_train_prints_its_costs_while_it_runs(term):
    term.wait_prompt()
    term.type("train 3000000 0.01 every 100000")
    term.press("enter")
    term.wait_text("Cost after iteration 100000:", timeout=10.0)
    assert not any("trained 3000000" in line for line in term.lines()), "train had already ended:\n" + term.dump()
    term.press("ctrl-c")
    term.wait_prompt(timeout=10.0)
    costs = [line for line in term.lines() if line.startswith("Cost after iteration")]
    assert costs[0].startswith("Cost after iteration 0:") and len(costs) >= 2, term.dump()


def test_the_progress_bar_fits_a_narrow_terminal(binary):
    home = tempfile.mkdtemp(prefix="nnstep-pty-narrow-")
    term = Terminal(binary, home, cols=60)
    try:
        term.wait_prompt()
        term.type("train 30000000 0.01 every 100000000")
        term.press("enter")
        term.wait_text("J = ", timeout=10.0)
        time.sleep(1.0)   # ten redraws or so: a line that wrapped would leave a trail
        term.pump(0.2)
        drawn = [line for line in term.lines() if "J = " in line]
        assert len(drawn) == 1 and len(drawn[0].rstrip()) < 60, term.dump()
        term.press("ctrl-c")
        term.wait_prompt(timeout=10.0)
    finally:
        term.child.terminate(force=True)
        shutil.rmtree(home, ignore_errors=True)


def assert_fits(term, cols, what):
    """No line on the screen reaches the last column: a line that long has wrapped (or will)."""
    for line in term.lines():
        assert len(line.rstrip()) < cols, f"{what} at {cols} columns wraps: {line.rstrip()!r}\n" + term.dump()


def test_output_fits_60_80_and_120_columns(binary):
    for cols in (60, 80, 120):
        home = tempfile.mkdtemp(prefix=f"nnstep-pty-{cols}-")
        term = Terminal(binary, home, cols=cols)
        try:
            term.wait_prompt()
            assert_fits(term, cols, "the banner")
            for line in ("net 2 4 3 1", "X = [[0, 0, 1, 1], [0, 1, 0, 1]]", "Y = [[0, 1, 1, 0]]", "init he seed 1"):
                assert_no_error(term.command(line))
            for line in ("help", "help set", "diagram", "forward all", "diagram", "train 300 0.1 every 100",
                         "plot cost", "plot boundary"):
                out = term.command(line)
                assert_no_error(out)
                assert_fits(term, cols, line)
            # The 3-layer chart is 103 columns wide: narrower terminals get it in rows of layers.
            out = term.command("diagram")
            rows = sum(line.startswith("forward ") for line in out)
            assert rows == 1 if cols >= 104 else rows >= 2, term.dump()
            assert any("[3 sigmoid]" in line for line in out), term.dump()
            # The progress bar stays on one line while it is redrawn.
            term.type("train 30000000 0.01 every 100000000")
            term.press("enter")
            term.wait_text("J = ", timeout=10.0)
            time.sleep(0.6)
            term.pump(0.2)
            drawn = [line for line in term.lines() if "J = " in line]
            assert len(drawn) == 1 and len(drawn[0].rstrip()) < cols, term.dump()
            term.press("ctrl-c")
            term.wait_prompt(timeout=10.0)
            # The bar is gone, and the ^C the terminal echoed did not wrap it onto a second line.
            assert not any("it/s" in line or "█" in line for line in term.lines()), term.dump()
        finally:
            term.child.terminate(force=True)
            shutil.rmtree(home, ignore_errors=True)


def test_a_data_file_given_as_a_script_is_refused(binary):
    home = tempfile.mkdtemp(prefix="nnstep-pty-npy-")
    try:
        path = os.path.join(home, "x.npy")
        with open(path, "wb") as file:
            file.write(b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n" + bytes(8))
        result = subprocess.run([binary, path], capture_output=True, timeout=10)
        assert result.returncode == 1, result
        text = result.stdout.decode("utf-8") + result.stderr.decode("utf-8")
        assert "is a .npy data file, not a script" in text and "`load " in text, text
        assert "\x93" not in text and "NUMPY" not in text, text
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_clear_clears_the_screen(term):
    assert_no_error(term.command("help quit"))
    term.command("clear")
    assert not any("leave nnstep" in line for line in term.lines()), term.dump()


def with_lesson(term, binary, text, option):
    """Closes `term` and starts nnstep with `option` and a lesson file holding `text`."""
    term.child.terminate(force=True)
    lesson = os.path.join(term.home, "lesson.nnscript")
    with open(lesson, "w") as file:
        file.write(text)
    return Terminal(binary, term.home, args=[option, lesson])


def test_step_mode_runs_a_command_on_each_enter(term, binary):
    show = with_lesson(term, binary, "# a lesson\nforward 1\nforward 2\nforward 3\n", "--step")
    try:
        show.wait_text("forward 1")
        show.wait_text("[Enter runs, q stops]")
        assert "Z1 shape" not in show.text(), "ran before Enter:\n" + show.dump()
        show.press("enter")
        show.wait_text("Z1 shape")
        show.wait_text("forward 2")
        assert "Z2 shape" not in show.text(), show.dump()
        show.type("q")
        show.press("enter")
        show.wait_prompt()
        assert "Z2 shape" not in show.text(), "q ran the command:\n" + show.dump()
        output = show.command("show A1")
        assert_no_error(output)
    finally:
        show.child.terminate(force=True)


def test_step_mode_fits_narrow_terminals(term, binary):
    rule = "# --- The data " + "-" * 72
    prose = ("# The sigmoid output is read as a probability, so each of the four examples gets one "
             "number between zero and one, its probability of being class 1.")
    long = "q = [[" + ", ".join("%.16f" % (0.5 + k / 1e7) for k in range(4)) + "]]"
    term.child.terminate(force=True)
    lesson = os.path.join(term.home, "lesson.nnscript")
    with open(lesson, "w") as file:
        file.write("\n".join([rule, prose, long, "forward 1", "forward 2", ""]))
    for cols in (60, 80):
        show = Terminal(binary, term.home, args=["--step", lesson], cols=cols)
        try:
            show.wait_text("[Enter runs, q stops]")
            lines = show.lines()
            assert not any(line.strip() and set(line.strip()) == {"-"} for line in lines), show.dump()
            assert any(line.startswith("# --- The data -") for line in lines), show.dump()
            # Prose is cut at spaces: no word is split across two lines.
            assert all(not line.rstrip().endswith("probabil") for line in lines), show.dump()
            show.press("enter")
            show.wait_text("q shape")
            show.wait_text("forward 1")
            # The long command shows once after it ran, whole, with no hint left behind.
            assert show.text().count(long[:30]) == 1, show.dump()
            show.type("q")
            show.press("enter")
            show.wait_text("(stopped: not run)")
            show.wait_prompt()
            assert "Z1 shape" not in show.text(), show.dump()
        finally:
            show.child.terminate(force=True)


def test_a_matrix_wider_than_the_terminal_brings_one_note(term, binary):
    term.child.terminate(force=True)
    narrow = Terminal(binary, term.home, cols=60)
    try:
        narrow.wait_prompt()
        output = narrow.command("q = randn 3 12")
        text = " ".join(" ".join(output).split())
        assert "wider than this 60-column terminal" in text and "`set linewidth 59`" in text, narrow.dump()
        again = narrow.command("show q")
        assert not any("linewidth" in line for line in again), narrow.dump()
        narrow.command("set linewidth 59")
        fitted = narrow.command("show q")
        assert fitted and all(len(line) <= 59 for line in fitted), narrow.dump()
    finally:
        narrow.child.terminate(force=True)


def test_help_reads_as_paragraphs_at_60_and_80_columns(term, binary):
    term.child.terminate(force=True)
    for cols in (60, 80):
        narrow = Terminal(binary, term.home, cols=cols)
        try:
            narrow.wait_prompt()
            for topic in ("help =", "help train", "help dataset"):
                output = narrow.command(topic)
                assert output and all(len(line) <= cols - 1 for line in output), narrow.dump()
                # A sentence is cut once, at the width: never a short line, then the rest at the margin.
                assert not any(line.strip().startswith("keepdims=True)") for line in output), narrow.dump()
                assert not any(line.strip() == "np.sum(…, axis=1," for line in output), narrow.dump()
        finally:
            narrow.child.terminate(force=True)


def test_step_mode_hides_notes_for_maintainers(term, binary):
    lesson = ("# Generated by scripts/fixtures/lesson.py; regenerate, do not edit.\n# exit-status: 0\n"
              "# first, layer one\nnet 2 1\n")
    show = with_lesson(term, binary, lesson, "--step")
    try:
        show.wait_text("[Enter runs, q stops]")
        assert "first, layer one" in show.text(), show.dump()
        assert "Generated" not in show.text() and "exit-status" not in show.text(), show.dump()
        show.press("enter")
        show.wait_prompt()
    finally:
        show.child.terminate(force=True)


def test_ctrl_c_stops_a_train_in_step_mode(term, binary):
    show = with_lesson(term, binary, "train 100000000 0.01\nshow b3\n", "--step")
    try:
        show.wait_text("[Enter runs, q stops]")
        show.press("enter")
        time.sleep(1.0)
        show.pump()
        assert show.child.isalive() and "interrupted" not in show.text(), show.dump()
        show.press("ctrl-c")
        show.wait_text("interrupted after iteration", timeout=10.0)
        show.wait_text("show b3")
        show.press("enter")
        show.wait_prompt(timeout=10.0)
        assert show.child.isalive()
        assert_no_error(show.command("show W1"))
    finally:
        show.child.terminate(force=True)


def test_ctrl_c_stops_a_train_in_a_file_before_the_prompt(term, binary):
    session = with_lesson(term, binary, "train 100000000 0.01\nshow b3\n", "-i")
    try:
        time.sleep(1.0)
        session.pump()
        assert session.child.isalive(), session.dump()
        session.press("ctrl-c")
        session.wait_text("interrupted after iteration", timeout=10.0)
        session.wait_prompt(timeout=10.0)
        assert "b3 shape" in session.text(), session.dump()
        assert_no_error(session.command("show W1"))
    finally:
        session.child.terminate(force=True)


def test_plot_boundary_colours_the_regions(term):
    term.command("train 300 0.5")
    output = term.command("plot boundary")
    assert any("●" in line or "○" in line for line in output), term.dump()
    assert re.search(rb"\x1b\[4[14];97m", term.raw), "no coloured cells"
    # The key shows the regions as the picture does, by colour, not by the plain characters.
    key = [line for line in output if "decision boundary" in line]
    assert key and "predicts 0" in key[0] and "·" not in key[0] and "+" not in key[0], term.dump()


# MARK: - Without a terminal


def test_version_help_and_unknown_option(binary):
    run = subprocess.run([binary, "--version"], capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, "nnstep 0.1.0\n"), run
    run = subprocess.run([binary, "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.startswith("usage: nnstep"), run
    assert "--products" in run.stdout, run
    # Whatever this CPU is: generic always runs, the last line names the path in use, and a
    # path no CPU has falls back with a warning rather than failing.
    run = subprocess.run([binary, "--products"], capture_output=True, text=True)
    lines = run.stdout.splitlines()
    assert run.returncode == 0 and "generic" in lines and lines[-1].startswith("in use: "), run
    assert lines[-1][len("in use: "):] in lines[:-1], run
    env = dict(os.environ, NNSTEP_PRODUCTS="sse9")
    run = subprocess.run([binary, "--products"], capture_output=True, text=True, env=env)
    assert run.returncode == 0 and "NNSTEP_PRODUCTS=sse9" in run.stderr, run
    run = subprocess.run([binary, "--frobnicate"], capture_output=True, text=True)
    assert run.returncode == 2 and "usage: nnstep" in run.stderr and run.stdout == "", run


def test_usage_errors_of_data_and_step(binary, tmp_path):
    run = subprocess.run([binary, "--data", str(tmp_path / "none"), "-"], input="", capture_output=True, text=True)
    assert run.returncode == 2 and "no such folder" in run.stderr and run.stdout == "", run
    run = subprocess.run([binary, "--step"], capture_output=True, text=True)
    assert run.returncode == 2 and "--step needs a script" in run.stderr, run
    run = subprocess.run([binary, "--step", "-"], input="forward\n", capture_output=True, text=True)
    assert run.returncode == 2 and "nnstep -" in run.stderr and run.stdout == "", run


def test_python_given_as_a_script_is_refused_with_how_to_run_it(binary, tmp_path):
    for name, how in (("session.py", "python3"), ("session.ipynb", "jupyter notebook")):
        path = tmp_path / name
        path.write_text("import numpy as np\nx = 1\n")
        run = subprocess.run([binary, str(path)], capture_output=True, text=True)
        assert run.returncode == 1 and how + " " + str(path) in run.stderr + run.stdout, run
        assert "nn>" not in run.stdout, run


# MARK: - Foreign text


HOSTILE_SCRIPT = (b"# \x1b[2J\x1b]0;owned\x07 narration\n"
                  b'load "x\x1b]52;c;SGVsbG8=\x07.npz"\n'
                  b'load "y\rPASS all tests.npz"\n')


def assert_terminal_untouched(term):
    """Nothing foreign cleared the screen, set the title, wrote the clipboard or forged a line."""
    assert b"\x1b]" not in term.raw and b"\x1b[2J" not in term.raw and b"\x07" not in term.raw, term.raw[-600:]
    assert not term.screen.title, term.screen.title
    assert not any(line.startswith("PASS all tests") for line in term.lines()), term.dump()


def test_foreign_names_cannot_drive_the_terminal(term):
    with open(os.path.join(term.home, "hostile.nnscript"), "wb") as file:
        file.write(HOSTILE_SCRIPT)
    assert_no_error(term.command("help quit"))
    term.command("run hostile.nnscript")
    assert any("leave nnstep" in line for line in term.lines()), "the screen was cleared:\n" + term.dump()
    assert "\\x1b]52;c;SGVsbG8=\\x07.npz" in term.text(), term.dump()
    assert "y\\rPASS all tests.npz" in term.text(), term.dump()
    # nnstep's own colour is still there, added after the escaping.
    assert b"\x1b[31merror: " in term.raw, term.raw[-600:]
    assert_terminal_untouched(term)


def test_foreign_comments_in_step_mode_are_shown_escaped(term, binary):
    term.child.terminate(force=True)
    lesson = os.path.join(term.home, "lesson.nnscript")
    with open(lesson, "wb") as file:
        file.write(HOSTILE_SCRIPT)
    show = Terminal(binary, term.home, args=["--step", lesson])
    try:
        show.wait_text("[Enter runs, q stops]")
        assert "\\x1b[2J\\x1b]0;owned\\x07 narration" in show.text(), show.dump()
        show.press("enter")
        show.wait_text("cannot open")
        show.press("enter")
        show.wait_prompt()
        assert_terminal_untouched(show)
    finally:
        show.child.terminate(force=True)


def test_tab_lists_hostile_file_names_escaped(term):
    for name in (b"f\x1b[2Ja.npz", b"f\x07b.npz"):
        with open(os.path.join(term.home.encode(), name), "wb") as file:
            file.write(b"")
    term.wait_prompt()
    term.type("load f")
    term.wait_line("load f")
    term.press("tab")
    term.wait_text("f\\x07b.npz")
    assert "f\\x1b[2Ja.npz" in term.text(), term.dump()
    assert_terminal_untouched(term)


def test_tab_inserts_a_hostile_file_name_visibly(term):
    with open(os.path.join(term.home.encode(), b"g\x1b]0;owned\x07\x1b[2J.npz"), "wb") as file:
        file.write(b"")
    assert_no_error(term.command("help quit"))
    term.type("load g")
    term.wait_line("load g")
    term.press("tab")
    term.wait_text("^[[2J.npz")
    term.press("enter")
    term.wait_text("the file is empty")
    assert any("leave nnstep" in line for line in term.lines()), "the screen was cleared:\n" + term.dump()
    assert not term.screen.title, term.screen.title


def test_an_empty_no_color_keeps_colour(term, binary):
    term.child.terminate(force=True)
    coloured = Terminal(binary, term.home, env={"NO_COLOR": ""})
    try:
        coloured.command("show W1")
        assert re.search(rb"\x1b\[[0-9;]*m", coloured.raw), coloured.raw[:400]
    finally:
        coloured.child.terminate(force=True)


def test_piped_commands_read_as_a_replayed_file(binary):
    env = {"PATH": os.environ.get("PATH", ""), "TERM": "xterm"}
    with tempfile.TemporaryDirectory() as directory:
        script = os.path.join(directory, "steps.nnscript")
        with open(script, "w") as file:
            file.write("forward\nshow W1\n")
        piped = subprocess.run([binary], input="forward\nshow W1\n", capture_output=True, text=True, env=env)
        replayed = subprocess.run([binary, script], capture_output=True, text=True, env=env)
    assert piped.returncode == 0 and "\x1b" not in piped.stdout, piped
    assert piped.stdout == replayed.stdout and "show W1" in piped.stdout, (piped.stdout, replayed.stdout)


# MARK: - Runner


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    wanted = set(sys.argv[2:])
    tests = [(name, f) for name, f in globals().items() if name.startswith("test_") and callable(f)]
    if wanted:
        tests = [(name, f) for name, f in tests if name in wanted]
    passed = failed = 0
    for name, test in tests:
        home = tempfile.mkdtemp(prefix="nnstep-pty-")
        term = None
        try:
            parameters = test.__code__.co_varnames[: test.__code__.co_argcount]
            arguments = {}
            if "term" in parameters:
                term = Terminal(binary, home)
                arguments["term"] = term
            if "binary" in parameters:
                arguments["binary"] = binary
            if "tmp_path" in parameters:
                arguments["tmp_path"] = pathlib.Path(home)
            test(**arguments)
            passed += 1
            print(f"ok    {name}")
        except Exception:
            failed += 1
            print(f"FAIL  {name}")
            print("    " + traceback.format_exc().strip().replace("\n", "\n    "))
        finally:
            if term is not None and term.child.isalive():
                term.child.terminate(force=True)
            shutil.rmtree(home, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
"""Creates a project with the Qorm Application wizard in a real Qt Creator on Xvfb, then checks
that wizardtool's expansion of the same choices gives the same files.

    gui_create_project.py QTCREATOR WIZARDTOOL TEMPLATES_DIR WIZARD_DIR WORK_DIR

No window manager, no xdotool: keys are sent with XTEST and focus is given with
XSetInputFocus to the window found by its title, so nothing depends on screen coordinates.
Every wait polls for a window or a file with a deadline. Qt Creator re-indents the C++ files it
generates with its own code style (JsonWizardGenerator::formatFile), so lines are compared
without their leading whitespace; everything else must be equal.
"""
import ctypes
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

QTCREATOR, WIZARDTOOL, TEMPLATES_DIR, WIZARD_DIR, WORK_DIR = sys.argv[1:6]
PROJECT = "Gui-Shelf"
# The wizard's second page: Front end one down (Qt Quick), Tab, Database one down (PostgreSQL).
FIELDS = ["FrontEnd=qml", "Database=postgresql"]
FIELD_KEYS = ["Down", "Tab", "Down"]

x11 = ctypes.CDLL("libX11.so.6")
xtst = ctypes.CDLL("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                           ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                           ctypes.POINTER(ctypes.c_uint)]
x11.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
x11.XFree.argtypes = [ctypes.c_void_p]
x11.XStringToKeysym.restype = ctypes.c_ulong
x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
x11.XKeysymToKeycode.restype = ctypes.c_ubyte
x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]


class XWindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                ("height", ctypes.c_int), ("border_width", ctypes.c_int), ("depth", ctypes.c_int),
                ("visual", ctypes.c_void_p), ("root", ctypes.c_ulong), ("class_", ctypes.c_int),
                ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
                ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
                ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


x11.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(XWindowAttributes)]
# A window can vanish between listing and asking: ignore X errors instead of exiting.
ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda d, e: 0)
x11.XSetErrorHandler(ERROR_HANDLER)
IS_VIEWABLE = 2


SCREEN = None  # the Display, once open: fail() leaves a screenshot of it


def fail(message):
    print("FAIL: " + message, flush=True)
    if SCREEN:
        path = os.path.join(WORK_DIR, "failure.png")
        SCREEN.screenshot(path)
        print("the screen at that moment: " + path, flush=True)
    sys.exit(1)


class Display:
    def __init__(self, name):
        # Xvfb may name its display a moment before it accepts connections.
        deadline = time.monotonic() + 30
        self.d = x11.XOpenDisplay(name.encode())
        while not self.d and time.monotonic() < deadline:
            time.sleep(0.1)
            self.d = x11.XOpenDisplay(name.encode())
        if not self.d:
            fail("cannot open display " + name)
        self.root = x11.XDefaultRootWindow(self.d)

    def screenshot(self, path):
        """The whole screen as a PNG (for failures)."""
        x11.XGetImage.restype = ctypes.c_void_p
        x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                  ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        attributes = XWindowAttributes()
        x11.XGetWindowAttributes(self.d, self.root, ctypes.byref(attributes))
        width, height = attributes.width, attributes.height
        image = x11.XGetImage(self.d, self.root, 0, 0, width, height, 0xFFFFFFFF, 2)  # ZPixmap
        if not image:
            return
        # XImage: width, height, xoffset, format, data, ..., bytes_per_line at int index 10.
        data = ctypes.cast(ctypes.c_void_p.from_address(image + 16).value, ctypes.POINTER(ctypes.c_ubyte))
        bytes_per_line = ctypes.c_int.from_address(image + 16 + 8 + 4 * 5).value
        raw = ctypes.string_at(data, bytes_per_line * height)
        rows = []
        for y in range(height):
            line = raw[y * bytes_per_line:y * bytes_per_line + width * 4]
            pixels = bytearray(width * 3)
            pixels[0::3], pixels[1::3], pixels[2::3] = line[2::4], line[1::4], line[0::4]
            rows.append(b"\0" + bytes(pixels))

        def chunk(kind, payload):
            return (struct.pack(">I", len(payload)) + kind + payload
                    + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))
        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n"
                    + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                    + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))

    def windows(self):
        """The viewable top-level windows: {title: id}."""
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        result = {}
        if not x11.XQueryTree(self.d, self.root, ctypes.byref(root), ctypes.byref(parent),
                              ctypes.byref(children), ctypes.byref(count)):
            return result
        for i in range(count.value):
            window = children[i]
            attributes = XWindowAttributes()
            if not x11.XGetWindowAttributes(self.d, window, ctypes.byref(attributes)):
                continue
            if attributes.map_state != IS_VIEWABLE or attributes.width < 100:
                continue
            name = ctypes.c_char_p()
            if x11.XFetchName(self.d, window, ctypes.byref(name)) and name.value:
                result[name.value.decode("utf-8", "replace")] = window
                x11.XFree(name)
        if children:
            x11.XFree(children)
        return result

    def wait_window(self, prefix, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for title, window in self.windows().items():
                if title.startswith(prefix):
                    return window
            time.sleep(0.1)
        return None

    def focus(self, window):
        x11.XSetInputFocus(self.d, window, 2, 0)  # RevertToParent, CurrentTime
        x11.XSync(self.d, 0)

    def keycode(self, name):
        keysym = x11.XStringToKeysym(name.encode())
        if not keysym:
            fail("unknown keysym " + name)
        return x11.XKeysymToKeycode(self.d, keysym)

    def key(self, *combos):
        for combo in combos:
            codes = [self.keycode(k) for k in combo.split("+")]
            for c in codes:
                xtst.XTestFakeKeyEvent(self.d, c, 1, 0)
            for c in reversed(codes):
                xtst.XTestFakeKeyEvent(self.d, c, 0, 0)
            x11.XSync(self.d, 0)

    def type(self, text):
        names = {"-": "minus", "/": "slash", ".": "period", "_": "underscore", " ": "space"}
        for ch in text:
            name = names.get(ch, ch)
            if ch.isupper() or ch == "_":
                self.key("Shift_L+" + name)
            else:
                self.key(name)


READ_ENDS = []


def start_xvfb():
    read_end, write_end = os.pipe()
    with open(os.path.join(WORK_DIR, "xvfb.log"), "w") as log:
        # -noreset: no server reset (which writes the number again) when a client leaves.
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-noreset", "-screen", "0",
                                 "1600x1000x24", "-nolisten", "tcp"], pass_fds=[write_end],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    os.close(write_end)
    ready, _, _ = select.select([read_end], [], [], 30)
    number = os.read(read_end, 64).decode().strip() if ready else ""
    # The read end stays open while Xvfb runs: a later write to a closed pipe is fatal to it.
    READ_ENDS.append(read_end)
    if not number:
        xvfb.kill()
        fail("Xvfb did not report a display within 30 s")
    return xvfb, ":" + number


def normalized(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f.read().splitlines()]


def main():
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    settings = os.path.join(WORK_DIR, "settings")
    expanded = os.path.join(WORK_DIR, "expanded")
    for folder in (os.path.join(settings, "QtProject"), expanded):
        os.makedirs(folder)
    # Qt Creator offers to add a new project to the version control of a folder above it (and
    # would "git add" into this repository): create it where no such folder is.
    created = tempfile.mkdtemp(prefix="qorm-wizard-gui-")
    folder = created
    while folder != os.path.dirname(folder):
        folder = os.path.dirname(folder)
        for vcs in (".git", ".hg", ".svn", ".bzr"):
            if os.path.exists(os.path.join(folder, vcs)):
                fail("%s is inside a %s checkout (%s): set TMPDIR elsewhere" % (created, vcs, folder))
    # The New Project dialog opens on the category used last: ours.
    with open(os.path.join(settings, "QtProject", "QtCreator.ini"), "w") as f:
        f.write("[Core]\nNewDialog\\LastCategory=F.Qorm\n")

    xvfb, display_name = start_xvfb()
    log_path = os.path.join(WORK_DIR, "qtcreator.log")
    qtcreator = None
    try:
        env = dict(os.environ, DISPLAY=display_name, QT_QPA_PLATFORM="xcb",
                   QTCREATOR_TEMPLATES_PATH=TEMPLATES_DIR, XDG_RUNTIME_DIR=settings)
        with open(log_path, "w") as log:
            qtcreator = subprocess.Popen([QTCREATOR, "-settingspath", settings, "-notour",
                                          "-no-crashcheck"], env=env, stdout=log, stderr=log)
        global SCREEN
        display = SCREEN = Display(display_name)
        main_window = display.wait_window("Qt Creator", 120)
        if not main_window:
            fail("Qt Creator's main window did not appear within 120 s")

        # File > New Project (Ctrl+Shift+N); early on the shortcut may not be there yet.
        dialog = None
        deadline = time.monotonic() + 60
        while not dialog and time.monotonic() < deadline:
            display.focus(main_window)
            display.key("Control_L+Shift_L+n")
            dialog = display.wait_window("New Project", 3)
        if not dialog:
            fail("the New Project dialog did not open within 60 s")
        print("New Project dialog open", flush=True)

        # Choose... on the preselected Qorm Application.
        wizard = None
        deadline = time.monotonic() + 30
        while not wizard and time.monotonic() < deadline:
            display.focus(dialog)
            display.key("Return")
            wizard = display.wait_window("Qorm Application", 3)
        if not wizard:
            fail("the Qorm Application wizard did not open (is it listed under Qorm?)")
        print("Qorm Application wizard open", flush=True)

        # Location: name, Tab, the folder; Qorm settings; Kits; Summary (Finish).
        display.focus(wizard)
        display.type(PROJECT)
        display.key("Tab", "Control_L+a")
        display.type(created)
        display.key("Return", *FIELD_KEYS, "Return", "Return", "Return")
        project = os.path.join(created, PROJECT)
        marker = os.path.join(project, "CMakeLists.txt.user")  # written last, by the project setup
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not os.path.exists(marker):
            time.sleep(0.1)
        if not os.path.exists(marker):
            fail("Qt Creator did not create %s within 60 s" % project)
        print("Qt Creator created " + project, flush=True)
    finally:
        for process in (qtcreator, xvfb):
            if process:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(15)

    # The same choices through wizardtool.
    result = subprocess.run([WIZARDTOOL, "expand", WIZARD_DIR, expanded, PROJECT] + FIELDS,
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail("wizardtool expand failed:\n" + result.stdout + result.stderr)
    mine = os.path.join(expanded, PROJECT)

    def files(root):
        found = set()
        for folder, _, names in os.walk(root):
            for name in names:
                found.add(os.path.relpath(os.path.join(folder, name), root))
        return found

    # Kept in WORK_DIR for a look, out of the temporary folder.
    shutil.copytree(project, os.path.join(WORK_DIR, "created", PROJECT))
    shutil.rmtree(created)
    project = os.path.join(WORK_DIR, "created", PROJECT)
    theirs = files(project) - {"CMakeLists.txt.user"}
    ours = files(mine)
    if theirs != ours:
        fail("Qt Creator generated %s, wizardtool %s" % (sorted(theirs), sorted(ours)))
    for name in sorted(ours):
        a, b = normalized(os.path.join(project, name)), normalized(os.path.join(mine, name))
        if a != b:
            for number, (x, y) in enumerate(zip(a, b), 1):
                if x != y:
                    fail("%s differs at line %d: Qt Creator '%s', wizardtool '%s'" % (name, number, x, y))
            fail("%s: Qt Creator %d lines, wizardtool %d" % (name, len(a), len(b)))
    print("Qt Creator and wizardtool generated the same %d files: %s" % (len(ours), ", ".join(sorted(ours))))


main()

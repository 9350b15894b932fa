#!/usr/bin/env python3
"""Tests scripts/shrink-wasm, trunk's post-build hook, on staging folders it builds itself: a tiny
WebAssembly module written byte by byte, its glue and a boot.js. The hook must rename wasm-bindgen's
hashed import and export names the same way in the module and the glue, drop the sections that
describe the tools, take the indentation and comment lines out of the scripts, and fail, saying
why and leaving every file as it was, when the files do not look as it expects.

Usage: python3 scripts/test_shrink_wasm.py   (standard library only; exits non-zero on failure)
"""

import os
import subprocess
import sys
import tempfile
import unittest

HOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shrink-wasm")

LOG = b"__wbg_log_0123456789abcdef"
NOW = b"__wbg_now_fedcba9876543210"
CLOSURE = b"wasm_bindgen__convert__closures_____invoke__h00112233aabbccdd"


def uleb(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def name(text):
    return uleb(len(text)) + text


def section(section_id, body):
    return bytes([section_id]) + uleb(len(body)) + body


def custom(title, payload):
    return section(0, name(title) + payload)


def module(imports, exports=()):
    """A module with one function type, () -> (), the functions `imports` from module "wbg",
    `exports` re-exporting the first of them, and two custom sections: `producers` and `kept`."""
    types = section(1, uleb(1) + b"\x60\x00\x00")
    entries = b"".join(name(b"wbg") + name(field) + b"\x00" + uleb(0) for field in imports)
    exported = b"".join(name(field) + b"\x00" + uleb(0) for field in exports)
    return (
        b"\0asm\x01\x00\x00\x00"
        + types
        + section(2, uleb(len(imports)) + entries)
        + section(7, uleb(len(exports)) + exported)
        + custom(b"producers", b"\x01" + name(b"language") + b"\x01" + name(b"Rust") + name(b"1.95"))
        + custom(b"kept", b"anything")
    )


def sections(wasm):
    """The module's sections, as (id, name of a custom section or None, body after the name)."""
    assert wasm[:8] == b"\0asm\x01\x00\x00\x00", wasm[:8]
    found, at = [], 8
    while at < len(wasm):
        section_id, (size, at) = wasm[at], read_uleb(wasm, at + 1)
        body = wasm[at : at + size]
        title = None
        if section_id == 0:
            length, start = read_uleb(body, 0)
            title, body = body[start : start + length], body[start + length :]
        found.append((section_id, title, body))
        at += size
    return found


def read_uleb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        shift += 7
        at += 1
        if byte < 0x80:
            return value, at


def read_name(data, at):
    length, at = read_uleb(data, at)
    return data[at : at + length], at + length


def import_fields(wasm):
    """The (module, field) of every import, in order."""
    body = next(body for section_id, _, body in sections(wasm) if section_id == 2)
    count, at = read_uleb(body, 0)
    fields = []
    for _ in range(count):
        module_name, at = read_name(body, at)
        field, at = read_name(body, at)
        assert body[at] == 0, "a function import"
        at = read_uleb(body, at + 1)[1]
        fields.append((module_name, field))
    return fields


def export_names(wasm):
    body = next(body for section_id, _, body in sections(wasm) if section_id == 7)
    count, at = read_uleb(body, 0)
    names = []
    for _ in range(count):
        field, at = read_name(body, at)
        at = read_uleb(body, at + 1)[1]
        names.append(field)
    return names


# The glue as wasm-bindgen 0.2.130 writes it: each import a key of the imports object, each export
# called as a property of `wasm`.
GLUE = (
    b"""let wasm;
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        """
    + LOG
    + b""": function(arg0) {
            // what the page logs
            console.log(arg0);
        },
        """
    + NOW
    + b""": function() {
            return Date.now();
        },
    };
    return { "./app_bg.js": import0 };
}

export function invoke(a) {
    return wasm."""
    + CLOSURE
    + b"""(a);
}
"""
)

BOOT = b"""// Starts the app.
const script = document.currentScript;
    import(script.dataset.js);
"""


class Staging:
    """A staging folder as trunk hands it to its hooks: app-1a2b_bg.wasm, app-1a2b.js, boot.js."""

    def __init__(self, wasm, glue, boot=BOOT):
        self.folder = tempfile.TemporaryDirectory(prefix="shrink-wasm-")
        self.files = {"app-1a2b_bg.wasm": wasm, "app-1a2b.js": glue, "boot.js": boot}
        for file, content in self.files.items():
            with open(self.path(file), "wb") as out:
                out.write(content)

    def path(self, file):
        return os.path.join(self.folder.name, file)

    def read(self, file):
        with open(self.path(file), "rb") as source:
            return source.read()

    def shrink(self):
        environment = dict(os.environ, TRUNK_STAGING_DIR=self.folder.name, TRUNK_PROFILE="release")
        return subprocess.run([sys.executable, HOOK], env=environment, capture_output=True, text=True, check=False)


class ShrinkWasm(unittest.TestCase):
    def tearDown(self):
        self.staging.folder.cleanup()

    def test_hashed_names_are_shortened_in_the_module_and_the_glue_alike(self):
        self.staging = Staging(module([LOG, NOW], exports=[CLOSURE]), GLUE)
        result = self.staging.shrink()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("3 imports and exports renamed", result.stdout)

        wasm = self.staging.read("app-1a2b_bg.wasm")
        self.assertEqual(import_fields(wasm), [(b"wbg", b"_0"), (b"wbg", b"_1")])
        self.assertEqual(export_names(wasm), [b"_c2"])
        self.assertEqual([title for section_id, title, _ in sections(wasm) if section_id == 0], [b"kept"], "producers is dropped, the rest kept")
        self.assertEqual(sections(wasm)[0], (1, None, b"\x01\x60\x00\x00"), "the type section is untouched")

        glue = self.staging.read("app-1a2b.js")
        self.assertIn(b"\n_0: function(arg0) {\nconsole.log(arg0);\n},\n_1: function() {\n", glue)
        self.assertIn(b"\nreturn wasm._c2(a);\n", glue)
        for gone in (LOG, NOW, CLOSURE, b"// what the page logs", b"\n "):
            self.assertNotIn(gone, glue)
        self.assertEqual(self.staging.read("boot.js"), b"const script = document.currentScript;\nimport(script.dataset.js);\n")

    def assert_refused(self, result, message):
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn(message, result.stderr)
        self.assertIn("nothing was rewritten", result.stderr)
        for file, content in self.staging.files.items():
            self.assertEqual(self.staging.read(file), content, f"{file} was changed")

    def test_a_module_without_hashed_imports_fails_the_build(self):
        self.staging = Staging(module([b"__wbg_log", b"__wbindgen_throw"]), GLUE)
        self.assert_refused(self.staging.shrink(), "the module has no import named as wasm-bindgen names them")

    def test_glue_that_does_not_name_the_imports_as_keys_fails_the_build(self):
        glue = GLUE.replace(LOG + b": function", b"log: function").replace(NOW + b": function", b"now: function")
        self.staging = Staging(module([LOG, NOW], exports=[CLOSURE]), glue)
        self.assert_refused(self.staging.shrink(), f"the glue does not use {LOG.decode()} exactly once")

    def test_glue_with_a_template_over_several_lines_fails_the_build(self):
        glue = GLUE.replace(b"return Date.now();", b"return `now:\n${Date.now()}`;")
        self.staging = Staging(module([LOG, NOW], exports=[CLOSURE]), glue)
        self.assert_refused(self.staging.shrink(), "the glue has a string or template over several lines")


if __name__ == "__main__":
    unittest.main()

"""Flux's envsubst: the expression table of fluxcd/pkg/envsubst, its strict mode, its errors."""

from __future__ import annotations

import pytest

from scaffold.model.render.flux.envsubst import EnvsubstError, Unknown, evaluate, parse


def expand(text, params, *, strict=False, unknown=()):
    def lookup(name):
        if name in unknown:
            return Unknown()
        return params.get(name)

    return evaluate(parse(text), lookup, strict=strict)


# (variables, input, output): the cases of fluxcd/pkg envsubst/eval_test.go TestExpand.
UPSTREAM = [
    ({}, "abcdEFGH28ij", "abcdEFGH28ij"),
    ({"var01": "abcdEFGH28ij"}, "${#var01}", "12"),
    ({"var01": "abcdEFGH28ij"}, "${var01^}", "AbcdEFGH28ij"),
    ({"var01": "abcdEFGH28ij"}, "${var01^^}", "ABCDEFGH28IJ"),
    ({"var01": "ABCDEFGH28IJ"}, "${var01,}", "aBCDEFGH28IJ"),
    ({"var01": "ABCDEFGH28IJ"}, "${var01,,}", "abcdefgh28ij"),
    ({"p": "/home/bozo/ideas/thoughts.for.today"}, "${p:11}", "ideas/thoughts.for.today"),
    ({"p": "/home/bozo/ideas/thoughts.for.today"}, "${p:11:5}", "ideas"),
    ({"var": "abc"}, "${var=xyz}", "abc"),
    ({}, "${var=xyz}", "xyz"),
    ({"default_var": "foo"}, "something ${var=${default_var}}", "something foo"),
    ({"default_var": "foo1"}, "foo: ${var=${default_var}-suffix}", "foo: foo1-suffix"),
    ({"default_var": "foo1"}, "foo: ${var=prefix${default_var}-suffix}", "foo: prefixfoo1-suffix"),
    ({}, "${var:=xyz}", "xyz"),
    ({"s": "abcABC123ABCabc"}, "${s/%abc/XYZ}", "abcABC123ABCXYZ"),
    ({"s": "abcABC123ABCabc"}, "${s/#abc/XYZ}", "XYZABC123ABCabc"),
    ({"s": "abcABC123ABCabc"}, "${s//abc/xyz}", "xyzABC123ABCxyz"),
    ({"s": "abcABC123ABCabc"}, "${s/abc/xyz}", "xyzABC123ABCabc"),
    ({"f": "bash.string.txt"}, "${f#*.}", "string.txt"),
    ({"f": "path/to/file"}, "${f#*/}", "to/file"),
    ({"f": "/path/to/file"}, "${f#*/}", "path/to/file"),
    ({"f": "bash.string.txt"}, "${f##*.}", "txt"),
    ({"f": "path/to/file"}, "${f##*/}", "file"),
    ({"f": "/path/to/file"}, "${f##*/}", "file"),
    ({"f": "bash.string.txt"}, "${f%.*}", "bash.string"),
    ({"f": "bash.string.txt"}, "${f%%.*}", "bash"),
    ({"var01": "abcdEFGH28ij"}, "${var=${var01^^}}", "ABCDEFGH28IJ"),
    ({"var01": "abcdEFGH28ij"}, "$${var01}", "${var01}"),
    (
        {"var01": "abcdEFGH28ij"},
        "some text ${var01}$${var$${var01}$var01${var01}",
        "some text abcdEFGH28ij${var${var01}$var01abcdEFGH28ij",
    ),
    ({"default_var": "foo"}, "something $${var=${default_var}}", "something ${var=foo}"),
    ({"s": "foo/bar"}, r"${s/\//-}", "foo-bar"),
    ({"s": "foo/bar/baz"}, r"${s//\//-}", "foo-bar-baz"),
    ({"default_var": "foo"}, "\\\\something ${var=${default_var}}", "\\\\something foo"),
    ({"s": "foo.bar"}, "${s/./}", "foobar"),
]

# Our own: quirks of the fork that a shell would do differently.
OWN = [
    ({"v": ""}, "${v:-d}", "d"),
    ({"v": ""}, "${v=d}", "d"),  # '=' also replaces an empty value
    ({"v": "x"}, "${v:+d}", "x"),  # ':+' is a default too, not bash's alternative
    ({}, "${v:?d}", "d"),
    ({"v": "x"}, "$$v $$$${v} $", "$v $${v} $"),  # every $$ is one $, even before a name
    ({"v": "héllo"}, "${#v}", "6"),  # bytes, as Go counts
    ({"v": "abc"}, "${v:-1}", "abc"),  # ':-' is a default, not a negative offset
    ({"v": "abcdef"}, "${v: -2}", "abcdef"),  # ' -2' is not an integer: value unchanged
    ({"v": "abcdef"}, "${v:2:100}", "cdef"),
    ({"v": "abcdef"}, "${v:10}", ""),
    ({"v": "straße"}, "${v^^}", "STRAßE"),  # rune to rune: ß has no single upper case
    ({"v": "a.b.c"}, "${v%[.]*}", "a.b.c"),  # the reversed pattern ']*.[' is malformed
    ({"v": "x"}, "${v^,}", "x"),
    ({"a": "1", "b": "2"}, "${a}${b}-${a}", "12-1"),
    ({}, "${v}", ""),
    ({"v": "a/b"}, "${v#?}", "/b"),
]


@pytest.mark.parametrize(("params", "text", "expected"), UPSTREAM + OWN)
def test_expand(params, text, expected):
    assert expand(text, params) == (expected, set())


STRICT_MISSING = [
    "${missing}", "${#missing}", "${missing^}", "${missing^^}", "${missing,}", "${missing,,}",
    "${missing:0}", "${missing:0:10}", "${missing/pattern/replacement}",
    "${missing//pattern/replacement}", "${missing/#pattern/replacement}",
    "${missing/%pattern/replacement}", "${missing#pattern}", "${missing##pattern}",
    "${missing%pattern}", "${missing%%pattern}",
]  # fmt: skip


@pytest.mark.parametrize("text", STRICT_MISSING)
def test_strict_mode_rejects_a_missing_variable_read_by_any_operator(text):
    with pytest.raises(EnvsubstError, match='variable not set \\(strict mode\\): "missing"'):
        expand(text, {}, strict=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${missing:-fallback}", "fallback"),
        ("${missing:=assigned}", "assigned"),
        ("${missing=assigned}", "assigned"),
        ("${foo}", ""),  # set to the empty string is set
    ],
)
def test_strict_mode_accepts_defaults_and_empty_values(text, expected):
    assert expand(text, {"foo": ""}, strict=True) == (expected, set())


def test_strict_mode_evaluates_a_default_before_the_variable():
    with pytest.raises(EnvsubstError, match='"inner"'):
        expand("${set:=${inner}}", {"set": "x"}, strict=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("${var-default}", "missing closing brace"),  # listed in the README, not parsed
        ("${", "unable to parse variable name"),
        ("${}", "unable to parse variable name"),
        ("${ var}", "unable to parse variable name"),
        ("${var", "missing closing brace"),
        ("${var:", "bad substitution"),
        ("${#}", "bad substitution"),
        ("${var:-x", "unable to parse substitution within function"),
        ("${var#}", "unable to parse substitution within function"),
        ("${var/a}", "bad substitution"),
        ("ok ${a.b}", "missing closing brace"),
    ],
)
def test_parse_errors(text, message):
    with pytest.raises(EnvsubstError, match=message):
        parse(text)


def test_a_backwards_slice_fails_as_flux_does():
    with pytest.raises(EnvsubstError, match="slice bounds out of range"):
        expand("${v:1:-3}", {"v": "abcdef"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${u}", "${u}"),
        ("a ${u:=d} b ${k}", "a ${u:=d} b K"),
        ("${k:=${u}}", "${k:=${u}}"),  # the default may be read: the whole expression is kept
        ("${u//x/${k}}", "${u//x/${k}}"),
        ("$${u} ${u}", "${u} ${u}"),
    ],
)
def test_an_unknown_variable_keeps_its_expression_as_written(text, expected):
    assert expand(text, {"k": "K"}, unknown={"u"}, strict=True) == (expected, {"u"})


def test_an_unknown_variable_keeps_the_exact_source_text():
    out, names = expand("x=${u/\\//-} y=${k}", {"k": "K"}, unknown={"u"})
    assert out == "x=${u/\\//-} y=K"
    assert names == {"u"}


def test_a_variable_that_may_be_set_is_kept_every_time_it_appears():
    from scaffold.model.render.flux import envsubst

    nodes = envsubst.parse("${a}-${a}-${b:=x}")
    out, kept = envsubst.evaluate(nodes, lambda name: envsubst.Unknown(), strict=True)
    assert out == "${a}-${a}-${b:=x}" and kept == {"a", "b"}

"""The formats: text (colour when asked), markdown (cut under GitHub's limit), json, github."""

from __future__ import annotations

import json
import re

import pytest

from scaffold.diff.compare import compare
from scaffold.diff.markdown import LIMIT, render_markdown
from scaffold.diff.render import render
from scaffold.diff.text import render_text
from scaffold.formats import DIFF_FORMATS, OutputFormat
from tests.diff.conftest import KEY, applied, deployment, diff, edited, obj, release

ESC = "\x1b"


def sample():
    claim = obj("v1", "PersistentVolumeClaim", "data")
    web = deployment()
    return compare(
        {"clusters/dev": [applied(claim, "apps/data.yaml"), applied(web), applied(release())],
         "clusters/old": [applied(web)]},
        {"clusters/dev": [applied(edited(web, "spec.replicas", 2)), applied(release("6.6.0"))],
         "clusters/new": [applied(web)]},
        key=KEY,
    )  # fmt: skip


@pytest.mark.parametrize("fmt", DIFF_FORMATS, ids=lambda f: f.value)
def test_every_format_renders_the_change(fmt) -> None:
    out = render(sample(), fmt)
    text = json.dumps(json.loads(out), ensure_ascii=False) if fmt is OutputFormat.json else out
    assert "podinfo 6.5.0 → 6.6.0" in text
    assert out.endswith("\n") and ESC not in out


def test_a_format_diff_does_not_print_is_refused() -> None:
    with pytest.raises(ValueError, match="diff has no sarif format"):
        render(sample(), OutputFormat.sarif)


def test_text_is_coloured_only_when_asked() -> None:
    assert ESC not in render_text(sample())
    coloured = render_text(sample(), color=True)
    assert "\x1b[32m" in coloured and "\x1b[31m" in coloured


def test_text_lists_dangers_first_then_each_changed_cluster() -> None:
    lines = render_text(sample()).splitlines()
    assert lines[0] == "3 of 3 clusters changed: 1 added, 2 removed, 2 changed; 1 danger"
    assert lines[2] == "Dangers:"
    assert lines[3].startswith("  ! clusters/dev: PersistentVolumeClaim apps/data: removed under")
    headings = [line for line in lines if line and not line.startswith(" ")][2:]
    assert headings == [
        "clusters/dev",
        "clusters/new (new cluster: every object added)",
        "clusters/old (cluster removed: every object removed)",
    ]
    assert "        chart: podinfo 6.5.0 → 6.6.0" in lines
    assert "  images:" in lines
    assert "      ~ spec.replicas: null → 2" not in lines
    assert "      + spec.replicas: 2" in lines


def test_markdown_summary_first_dangers_then_one_section_per_cluster() -> None:
    out = render_markdown(sample())
    first, *_ = out.splitlines()
    assert first == (
        "**gitops-scaffold diff**: 3 of 3 clusters changed: 1 added, 2 removed, 2 changed; 1 danger"
    )
    assert out.index("### Dangers") < out.index("<details>")
    assert out.count("<details>") == out.count("</details>") == 3
    assert "<summary><code>clusters/dev</code>: 1 removed, 2 changed</summary>" in out


def test_markdown_is_cut_with_a_note_before_the_limit() -> None:
    many = [applied(obj("v1", "ConfigMap", f"c-{i:05}", data={"v": "x"})) for i in range(3000)]
    report = compare({"a": many, "b": many}, {"a": [], "b": []}, key=KEY)
    out = render_markdown(report)
    assert len(out) < LIMIT
    assert "**Cut here**: the diff is longer than a GitHub comment holds" in out
    assert out.count("<details>") == out.count("</details>")
    assert len(re.findall(r"^```", out, re.M)) % 2 == 0
    small = render_markdown(report, limit=2_000)
    assert len(small) < 2_000 and small.rstrip().endswith("to see all of it.")


def test_markdown_keeps_backticks_and_html_of_a_name_inert() -> None:
    odd = obj("v1", "ConfigMap", "c", data={"k": "a ``` b"})
    report = compare(
        {"<b>x</b>": [applied(odd)]},
        {"<b>x</b>": [applied(edited(odd, "data.k", "````"))]},
        key=KEY,
    )
    out = render_markdown(report)
    assert "<b>x</b>" not in out and "&lt;b&gt;x&lt;/b&gt;" in out
    assert "\n`````diff\n" in out  # a fence longer than any backtick run inside


def test_json_is_versioned_and_keeps_its_documented_keys() -> None:
    document = json.loads(render(sample(), OutputFormat.json))
    assert document["version"] == 1
    assert list(document) == ["version", "summary", "dangers", "clusters"]
    assert document["summary"] == {
        "clusters": 3, "changed_clusters": 3, "added": 1, "removed": 2, "changed": 2, "moved": 0,
        "dangers": 1, "text": "3 of 3 clusters changed: 1 added, 2 removed, 2 changed; 1 danger",
    }  # fmt: skip
    dev = document["clusters"][0]
    assert list(dev) == ["cluster", "presence", "changed", "objects", "images", "dangers"]
    helm = next(o for o in dev["objects"] if o["kind"] == "HelmRelease")
    assert list(helm) == ["group", "kind", "namespace", "name", "api_version", "change", "moved",
                          "base", "head", "summary", "fields"]  # fmt: skip
    assert helm["summary"] == ["chart: podinfo 6.5.0 → 6.6.0"]
    web = next(o for o in dev["objects"] if o["kind"] == "Deployment")
    assert web["fields"] == [
        {"path": "spec.replicas", "change": "added", "old": None, "new": 2, "hidden": False}
    ]


def hostile():
    name = "evil\x1b[31m\r\nx"
    file = "apps/a,b:c%d\x1b]0;t\x07\r\n.yaml"
    web = deployment()
    web["metadata"]["name"] = name
    return compare(
        {"c": [applied(web, file)]},
        {"c": [applied(edited(web, "spec.replicas", 3), file)]},
        key=KEY,
    )


@pytest.mark.parametrize("fmt", DIFF_FORMATS, ids=lambda f: f.value)
def test_no_control_character_passes_raw(fmt) -> None:
    out = render(hostile(), fmt)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)
    if fmt is OutputFormat.json:  # JSON escapes control characters itself
        assert json.loads(out)["clusters"][0]["objects"][0]["name"] == "evil\x1b[31m\r\nx"
    else:
        assert "evil\\x1b[31m" in out
    if fmt is OutputFormat.github:
        assert all(line.startswith("::") for line in out.splitlines())


def test_github_notices_escape_properties_and_messages() -> None:
    [line] = render(hostile(), OutputFormat.github).splitlines()
    assert line.startswith(
        "::notice file=apps/a%2Cb%3Ac%25d\\x1b]0;t\\x07%0D%0A.yaml,title=gitops-scaffold diff::"
    )
    assert "c: changed Deployment apps/evil\\x1b[31m%0D%0Ax" in line


def test_github_warns_of_each_danger_on_its_file() -> None:
    claim = obj("v1", "PersistentVolumeClaim", "data")
    out = render(diff([applied(claim, "apps/data.yaml")], []), OutputFormat.github).splitlines()
    assert out[0].startswith("::warning file=apps/data.yaml,title=gitops-scaffold diff%3A danger::")
    assert out[1].startswith("::notice file=apps/data.yaml,")

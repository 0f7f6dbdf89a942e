"""The consultant's Markdown subset: paragraphs, bullets and bold, and nothing else as markup."""

from narrative.markdown import Block, Run, clean, parse, plain, to_html


def test_paragraphs_bullets_and_bold_become_blocks():
    text = "Intro line one\nline two with **bold**.\n\n- first\n* second **b**\n  goes on\n\nEnd."
    assert parse(text) == [
        Block("paragraph", ((Run("Intro line one line two with "), Run("bold", True), Run(".")),)),
        Block("bullets", ((Run("first"),), (Run("second "), Run("b", True), Run(" goes on")))),
        Block("paragraph", ((Run("End."),),)),
    ]


def test_a_bullet_list_straight_after_a_paragraph_line_starts_its_own_block():
    assert [block.kind for block in parse("Actions:\n- one\n- two")] == ["paragraph", "bullets"]


def test_html_markup_and_script_stay_text():
    html = to_html('<script>alert(1)</script> <img src="http://evil/x.png"> **<b>x</b>**')
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>&lt;b&gt;x&lt;/b&gt;</strong>" in html


def test_a_link_is_shown_as_its_text_and_address_never_as_a_link():
    html = to_html("See [our site](https://example.com/x) and https://example.org.")
    assert "<a" not in html
    assert "our site (https://example.com/x)" in html


def test_unpaired_bold_markers_and_headings_stay_as_typed():
    assert plain("# Title\n\n**half") == "# Title\n\n**half"


def test_control_characters_and_windows_newlines_are_cleaned():
    assert clean("a\x00b\r\n\r\nc\x1b ") == "ab\n\nc"
    assert [block.kind for block in parse("a\r\n\r\nb")] == ["paragraph", "paragraph"]


def test_plain_keeps_bullets_readable_without_markup():
    assert plain("**Top** gaps:\n\n- one\n- **two**") == "Top gaps:\n\n• one\n• two"


def test_empty_text_has_no_blocks():
    assert parse("") == [] and parse(" \n\n ") == [] and to_html("") == ""

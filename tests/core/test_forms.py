from django import forms

from training.core.forms import QuickSelect, is_id


def test_quick_select_escapes_labels_and_marks_the_chosen_option():
    widget = QuickSelect(choices=[("1", "<b>Ana</b>"), ("2", "Ben & Co")])
    html = widget.render("person", "2", attrs={"id": "id_person", "class": "form-select"})
    assert '<select class="form-select" id="id_person" name="person">' in html
    assert '<option value="1">&lt;b&gt;Ana&lt;/b&gt;</option>' in html
    assert '<option value="2" selected>Ben &amp; Co</option>' in html


def test_quick_select_renders_like_djangos_select_for_the_browser():
    form_field = forms.ChoiceField(choices=[("a", "A")], widget=QuickSelect)
    assert "<option" in form_field.widget.render("x", None)


def test_only_plain_database_sized_numbers_are_ids():
    assert is_id("42") and not is_id("²") and not is_id("99999999999999999999") and not is_id("")

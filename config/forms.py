"""One way every form on the site is drawn (ours and allauth's): each field in
a wrapper with its label, hint and errors tied to the control (Django sets
aria-describedby and aria-invalid), and groups of radio buttons or check boxes
in a fieldset whose legend is the question."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Form templates from the project's own template settings (templates/forms),
    widgets from Django's (``django.forms`` is an installed app for that)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

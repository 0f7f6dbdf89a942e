"""Strings of Django and django-import-export that their own Dutch catalogues lack or get wrong.

Listed here so that `make messages` keeps them in locale/nl; our catalogue comes first
(LOCALE_PATHS), so its Dutch is used wherever Django's forms or the admin's import and export
pages show these strings. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # Django 6.1: the empty choice of a select whose field has choices.
    gettext_noop("- Select an option -"),
    # django-import-export: the admin's import and export pages.
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
    gettext_noop("Resource"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. "
        "Ensure you have chosen the correct format for the file."
    ),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or data for import."
    ),
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop("Value could not be parsed."),
    gettext_noop("export failed due to IllegalCharacterError"),
]

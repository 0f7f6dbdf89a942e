"""Strings of Django, django-import-export, django-axes and django-tasks-db that their own Dutch
catalogues lack or get wrong (Django's admin says "De {name}", wrong for "het" words, and "u").

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
    # Django's admin: its Dutch says "De {name}", wrong for every "het" word (het gebied), and "u".
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    # Django 6.1's admin strings that its Dutch catalogue lacks.
    gettext_noop("Search %(name)s"),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Logout"),
    gettext_noop("Forgotten your login credentials?"),
    # Its "Geselecteerde gebied" is wrong for "het" words; "gekozen" fits both.
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? "
        "All of the following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting "
        "the following protected related objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting "
        "related objects, but your account doesn't have permission to delete the "
        "following types of objects:"
    ),
    # Permission names (Django stores them in English; cxscan/admin.py shows them translated).
    gettext_noop("Can add %(name)s"),
    gettext_noop("Can change %(name)s"),
    gettext_noop("Can delete %(name)s"),
    gettext_noop("Can view %(name)s"),
    # Django's password rules: its Dutch says "uw".
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    # django-axes: login attempts (no Dutch catalogue of its own).
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    # django-tasks-db: the queue of background tasks.
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    # Django's admin and auth: their Dutch says "u"; ours says "je".
    gettext_noop("You don’t have permission to view or edit anything."),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. "
        "Would you like to login to a different account?"
    ),
    gettext_noop("Your password was changed."),
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new password "
        "twice so we can verify you typed it in correctly."
    ),
    gettext_noop("Your password has been set.  You may go ahead and log in now."),
    gettext_noop(
        "Designates whether this user should be treated as active. Unselect this instead of "
        "deleting accounts."
    ),
]

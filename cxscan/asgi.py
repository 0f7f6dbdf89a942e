import os

import django

from cxscan.handlers import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxscan.settings")
django.setup(set_prefix=False)

application = ASGIHandler()

from cxscan.production import refuse_development_key  # noqa: E402

refuse_development_key()

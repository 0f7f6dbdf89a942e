import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxscan.settings")
application = get_asgi_application()

from cxscan.production import refuse_development_key  # noqa: E402

refuse_development_key()

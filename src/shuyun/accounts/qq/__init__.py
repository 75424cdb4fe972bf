"""QQ Connect (QQ互联) sign-in as a django-allauth OAuth2 provider, which allauth does not ship:
the provider (`provider.py`), its adapter for QQ's endpoints (`views.py`) and allauth's URLs."""
